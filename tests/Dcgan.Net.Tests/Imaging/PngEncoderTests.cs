using System.IO.Compression;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

public class PngEncoderTests
{
    private static Image RandomImage(int width, int height, int channels, int bitDepth, int seed)
    {
        var data = new byte[width * height * channels * bitDepth / 8];
        new Random(seed).NextBytes(data);
        return new Image(width, height, channels, data, bitDepth);
    }

    private static Image Gradient(int width, int height, int channels)
    {
        var data = new byte[width * height * channels];
        for (int i = 0; i < data.Length; i++)
        {
            int p = i / channels;
            data[i] = (byte)((p % width) + (2 * (p / width)) + (40 * (i % channels)));
        }

        return new Image(width, height, channels, data);
    }

    public static TheoryData<int, int, PngFilter> Formats()
    {
        var data = new TheoryData<int, int, PngFilter>();
        foreach (int channels in new[] { 1, 2, 3, 4 })
        {
            foreach (int depth in new[] { 8, 16 })
            {
                foreach (var filter in Enum.GetValues<PngFilter>())
                {
                    data.Add(channels, depth, filter);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Encoded_image_decodes_to_the_same_samples(int channels, int bitDepth, PngFilter filter)
    {
        var image = RandomImage(13, 7, channels, bitDepth, channels * 100 + bitDepth + (int)filter);
        byte[] png = PngEncoder.Encode(image, new PngEncoderOptions { Filter = filter, CompressionLevel = CompressionLevel.Fastest });

        var back = PngDecoder.Decode(png);

        Assert.Equal((13, 7, channels, bitDepth), (back.Width, back.Height, back.Channels, back.BitDepth));
        Assert.Equal(image.Data, back.Data);
    }

    [Fact]
    public void Spec_example_image_gets_the_spec_header_and_trailer()
    {
        var image = new Image(2, 1, 3, [255, 0, 0, 0, 0, 255]);
        byte[] png = PngEncoder.Encode(image);
        byte[] spec = PngDecoderTests.SpecExample;

        Assert.Equal(spec[..33], png[..33]);
        Assert.Equal(spec[^12..], png[^12..]);
        Assert.Equal(image.Data, PngDecoder.Decode(png).Data);
    }

    [Fact]
    public void Adaptive_filtering_beats_no_filtering_on_a_gradient()
    {
        var image = Gradient(64, 64, 3);
        int adaptive = PngEncoder.Encode(image).Length;
        int none = PngEncoder.Encode(image, new PngEncoderOptions { Filter = PngFilter.None }).Length;

        Assert.True(adaptive < none, $"adaptive {adaptive} bytes, none {none} bytes");
    }

    [Fact]
    public void Large_output_is_split_into_several_idat_chunks()
    {
        var image = RandomImage(700, 500, 4, 8, 1);
        byte[] png = PngEncoder.Encode(image, new PngEncoderOptions { CompressionLevel = CompressionLevel.Fastest, Filter = PngFilter.None });

        int idatCount = 0;
        for (int i = 0; i + 4 <= png.Length; i++)
        {
            if (png.AsSpan(i, 4).SequenceEqual("IDAT"u8))
            {
                idatCount++;
            }
        }

        Assert.True(idatCount >= 2, $"{idatCount} IDAT chunk(s)");
        Assert.Equal(image.Data, PngDecoder.Decode(png).Data);
    }

    [Fact]
    public void Save_writes_a_file_that_decodes()
    {
        var image = Gradient(9, 5, 1);
        string path = Path.Combine(Path.GetTempPath(), $"dcgan-png-{Guid.NewGuid():N}.png");
        try
        {
            PngEncoder.Save(image, path);
            Assert.Equal(image.Data, PngDecoder.DecodeFile(path).Data);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Undefined_filter_value_is_rejected()
    {
        var options = new PngEncoderOptions { Filter = (PngFilter)9 };
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.Encode(Gradient(2, 2, 1), options));
    }
}
