using Dcgan.Net.Imaging;
using Xunit.Abstractions;

namespace Dcgan.Net.Tests.Imaging;

[Trait("Category", "Simd")]
public sealed class JpegDecoderTests(ITestOutputHelper output)
{
    // The bar for agreement with PIL, per channel.
    private const double MaxMeanAbsDifference = 0.5;
    private const int MaxAbsDifference = 4;

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Decode_matches_PIL_within_tolerance(string key)
    {
        JpegFixture fixture = JpegFixtures.Get(key);
        byte[] expected = JpegFixtures.ReadFile(fixture.Reference);
        var options = new JpegDecoderOptions { ApplyExifOrientation = fixture.ApplyExifOrientation };

        Image image = JpegDecoder.Decode(JpegFixtures.ReadFile(fixture.File), options);

        Assert.Equal((fixture.Width, fixture.Height, fixture.Channels, 8), (image.Width, image.Height, image.Channels, image.BitDepth));
        for (int ch = 0; ch < fixture.Channels; ch++)
        {
            (double mean, int max) = Difference(image.Data, expected, ch, fixture.Channels);
            output.WriteLine($"{key} channel {ch}: mean |diff| {mean:F4}, max {max}");
            Assert.True(mean < MaxMeanAbsDifference, $"channel {ch}: mean |diff| {mean:F4}");
            Assert.True(max < MaxAbsDifference, $"channel {ch}: max |diff| {max}");
        }

        // Stronger than the bar above: with libjpeg's IDCT precision, upsampling and colour rounding,
        // every fixture decodes to exactly PIL's bytes (Fixtures/Jpeg/README.md).
        Assert.Equal(expected, image.Data);
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Scalar_reference_and_SIMD_paths_decode_identically(string key)
    {
        JpegFixture fixture = JpegFixtures.Get(key);
        byte[] file = JpegFixtures.ReadFile(fixture.File);

        Image simd = JpegDecoder.Decode(file, new JpegDecoderOptions { ApplyExifOrientation = fixture.ApplyExifOrientation });
        Image scalar = JpegDecoder.Decode(file, new JpegDecoderOptions { ApplyExifOrientation = fixture.ApplyExifOrientation, UseSimd = false });

        Assert.Equal(scalar.Data, simd.Data);
    }

    [Fact]
    public void Span_stream_and_array_overloads_agree()
    {
        byte[] file = JpegFixtures.ReadFile("baseline_420_q75_37x29.jpg");

        Image fromArray = JpegDecoder.Decode(file);
        Image fromSpan = JpegDecoder.Decode(file.AsSpan());
        using var stream = new MemoryStream(file);
        Image fromStream = JpegDecoder.Decode(stream);
        using var unseekable = new BufferedStream(new NonSeekableStream(file), 7);
        Image fromUnseekable = JpegDecoder.Decode(unseekable);

        Assert.Equal(fromArray.Data, fromSpan.Data);
        Assert.Equal(fromArray.Data, fromStream.Data);
        Assert.Equal(fromArray.Data, fromUnseekable.Data);
    }

    [Fact]
    public void Concurrent_decodes_do_not_share_state()
    {
        JpegFixture[] fixtures = JpegFixtures.All.Where(f => !f.ApplyExifOrientation).ToArray();
        byte[][] files = fixtures.Select(f => JpegFixtures.ReadFile(f.File)).ToArray();
        byte[][] expected = fixtures.Select(f => JpegFixtures.ReadFile(f.Reference)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, files.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            int f = i % files.Length;
            if (!JpegDecoder.Decode(files[f]).Data.AsSpan().SequenceEqual(expected[f]))
            {
                failures.Add(fixtures[f].File);
            }
        });

        Assert.Empty(failures);
    }

    [Fact]
    public void Exif_orientation_is_ignored_by_default()
    {
        Image image = JpegDecoder.Decode(JpegFixtures.ReadFile("exif_orientation6_20x12.jpg"));

        Assert.Equal((20, 12), (image.Width, image.Height));
    }

    public static TheoryData<string> FixtureNames() => JpegFixtures.Names();

    private static (double Mean, int Max) Difference(byte[] actual, byte[] expected, int channel, int channels)
    {
        long sum = 0;
        int max = 0;
        int count = 0;
        for (int i = channel; i < expected.Length; i += channels)
        {
            int d = Math.Abs(actual[i] - expected[i]);
            sum += d;
            max = Math.Max(max, d);
            count++;
        }

        return ((double)sum / count, max);
    }

    /// <summary>A forward-only stream handing out a few bytes per read.</summary>
    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, 5), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
