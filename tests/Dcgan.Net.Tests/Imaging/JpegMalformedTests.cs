using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

public sealed class JpegMalformedTests
{
    private static readonly byte[] Baseline = JpegFixtures.ReadFile("baseline_420_q75_37x29.jpg");
    private static readonly byte[] Progressive = JpegFixtures.ReadFile("progressive_420_q75_64x48.jpg");

    [Fact]
    public void Data_without_SOI_is_rejected()
    {
        var ex = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode([0x89, (byte)'P', (byte)'N', (byte)'G']));
        Assert.Contains("SOI", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Every_truncation_of_a_progressive_file_is_rejected()
    {
        for (int length = 0; length < Progressive.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(Progressive.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Every_truncation_of_a_baseline_file_inside_its_scan_is_rejected()
    {
        // Only the final EOI may be missing from a sequential file whose scan decoded completely.
        int eoi = Baseline.Length - 2;
        for (int length = 0; length < eoi; length++)
        {
            var ex = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(Baseline.AsSpan(0, length)));
            Assert.Contains("offset", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(JpegDecoder.Decode(Baseline).Data, JpegDecoder.Decode(Baseline.AsSpan(0, eoi)).Data);
    }

    [Fact]
    public void Huge_dimensions_are_rejected_before_allocation()
    {
        byte[] file = (byte[])Baseline.Clone();
        int sof = JpegFixtures.Segments(file).Single(s => s.Marker == 0xC0).Offset;
        file[sof + 5] = file[sof + 6] = file[sof + 7] = file[sof + 8] = 0xFF; // 65535 x 65535

        var ex = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(file));
        Assert.Contains("MaxPixelCount", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {sof}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pixel_limit_is_configurable()
    {
        var options = new JpegDecoderOptions { MaxPixelCount = 37 * 29 - 1 };

        Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(Baseline, options));
        Assert.Equal(37, JpegDecoder.Decode(Baseline, new JpegDecoderOptions { MaxPixelCount = 37 * 29 }).Width);
    }

    [Fact]
    public void Missing_tables_are_named()
    {
        var noHuffman = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(JpegFixtures.WithoutSegments(Baseline, 0xC4)));
        Assert.Contains("Huffman table", noHuffman.Message, StringComparison.Ordinal);

        var noQuant = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(JpegFixtures.WithoutSegments(Baseline, 0xDB)));
        Assert.Contains("quantisation table", noQuant.Message, StringComparison.Ordinal);

        var noFrame = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(JpegFixtures.WithoutSegments(Baseline, 0xC0)));
        Assert.Contains("before any frame header", noFrame.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_lengths_past_the_end_or_below_two_are_rejected()
    {
        byte[] file = (byte[])Baseline.Clone();
        int dqt = JpegFixtures.Segments(file).First(s => s.Marker == 0xDB).Offset;
        file[dqt + 2] = 0xFF;
        var ex = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(file));
        Assert.Contains($"offset {dqt}", ex.Message, StringComparison.Ordinal);

        file = (byte[])Baseline.Clone();
        file[dqt + 2] = 0;
        file[dqt + 3] = 1;
        Assert.Contains("less than 2", Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(file)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overfull_Huffman_code_lengths_are_rejected()
    {
        byte[] file = (byte[])Baseline.Clone();
        int dht = JpegFixtures.Segments(file).First(s => s.Marker == 0xC4).Offset;
        file[dht + 5] = 3; // three codes of length 1

        var ex = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(file));
        Assert.Contains("DHT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_restart_marker_is_rejected()
    {
        byte[] file = JpegFixtures.ReadFile("restart_444_ri1_33x17.jpg");
        int sos = JpegFixtures.Segments(file).Single(s => s.Marker == 0xDA).Offset;
        int rst0 = Enumerable.Range(sos, file.Length - sos - 1).First(i => file[i] == 0xFF && file[i + 1] == 0xD0);
        file[rst0 + 1] = 0xD3;

        var ex = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(file));
        Assert.Contains("RST0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xC3, "lossless")]
    [InlineData(0xC9, "arithmetic")]
    [InlineData(0xCA, "arithmetic")]
    [InlineData(0xC5, "hierarchical")]
    public void Unsupported_processes_throw_NotSupportedException(int marker, string expected)
    {
        byte[] file = (byte[])Baseline.Clone();
        file[JpegFixtures.Segments(file).Single(s => s.Marker == 0xC0).Offset + 1] = (byte)marker;

        var ex = Assert.Throws<NotSupportedException>(() => JpegDecoder.Decode(file));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twelve_bit_and_four_component_frames_throw_NotSupportedException()
    {
        byte[] twelve = (byte[])Baseline.Clone();
        twelve[JpegFixtures.Segments(twelve).Single(s => s.Marker == 0xC0).Offset + 4] = 12;
        Assert.Contains("12-bit", Assert.Throws<NotSupportedException>(() => JpegDecoder.Decode(twelve)).Message, StringComparison.Ordinal);

        byte[] cmyk =
        [
            0xFF, 0xD8, 0xFF, 0xC0, 0, 20, 8, 0, 8, 0, 8, 4,
            1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0, 0xFF, 0xD9,
        ];
        Assert.Contains("CMYK", Assert.Throws<NotSupportedException>(() => JpegDecoder.Decode(cmyk)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_sequential_scan_of_a_component_is_rejected()
    {
        int sos = JpegFixtures.Segments(Baseline).Single(s => s.Marker == 0xDA).Offset;
        byte[] file = [.. Baseline.AsSpan(0, Baseline.Length - 2), .. Baseline.AsSpan(sos)];

        var ex = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(file));
        Assert.Contains("already had its sequential scan", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_count_is_limited()
    {
        var ex = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(Progressive, new JpegDecoderOptions { MaxScanCount = 3 }));
        Assert.Contains("MaxScanCount", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Streams_longer_than_the_limit_are_rejected()
    {
        using var stream = new MemoryStream(Baseline);
        var options = new JpegDecoderOptions { MaxStreamLength = 100 };

        Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(stream, options));
    }

    [Fact]
    public void Stray_bytes_between_segments_are_skipped_as_libjpeg_does()
    {
        int dqt = JpegFixtures.Segments(Baseline).First(s => s.Marker == 0xDB).Offset;
        byte[] file = [.. Baseline.AsSpan(0, dqt), 0x00, 0x12, 0xFF, 0xFF, .. Baseline.AsSpan(dqt)];

        Assert.Equal(JpegDecoder.Decode(Baseline).Data, JpegDecoder.Decode(file).Data);
    }

    [Fact]
    public void Trailing_bytes_after_EOI_are_ignored()
    {
        byte[] file = [.. Baseline, 1, 2, 3, 0xFF, 0xD8];

        Assert.Equal(JpegDecoder.Decode(Baseline).Data, JpegDecoder.Decode(file).Data);
    }
}
