using System.Globalization;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

public class PngDecoderTests
{
    /// <summary>Spec 5.7: a 2x1 8-bit RGB image (red, blue), filter 0, 70 bytes.</summary>
    internal static readonly byte[] SpecExample = Convert.FromHexString(
        "89504e470d0a1a0a" +
        "0000000d4948445200000002000000010802000000" + "7b40e8dd" +
        "0000000d4944415478da63f8cf0004ff010700" + "01ff3d7d8c49" +
        "0000000049454e44ae426082");

    public static TheoryData<string> Files => ImagingFixtures.Names("png");

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_decodes_to_the_pixels_PIL_and_the_writer_agree_on(string name)
    {
        string[] entry = ImagingFixtures.Entry("png", name);
        var image = PngDecoder.Decode(ImagingFixtures.Bytes("png", name));

        Assert.Equal(int.Parse(entry[1], CultureInfo.InvariantCulture), image.Width);
        Assert.Equal(int.Parse(entry[2], CultureInfo.InvariantCulture), image.Height);
        Assert.Equal(int.Parse(entry[3], CultureInfo.InvariantCulture), image.Channels);
        Assert.Equal(int.Parse(entry[4], CultureInfo.InvariantCulture), image.BitDepth);
        Assert.Equal(ImagingFixtures.Bytes("png", Path.ChangeExtension(name, ".raw")), image.Data);
    }

    [Fact]
    public void Spec_example_is_70_bytes_and_decodes_to_red_then_blue()
    {
        Assert.Equal(70, SpecExample.Length);
        var image = PngDecoder.Decode(SpecExample);

        Assert.Equal((2, 1, 3, 8), (image.Width, image.Height, image.Channels, image.BitDepth));
        Assert.Equal(new byte[] { 255, 0, 0, 0, 0, 255 }, image.Data);
    }

    [Fact]
    public void Interlaced_and_progressive_files_of_the_same_pixels_decode_equal()
    {
        foreach (string stem in new[] { "g1", "g4", "rgb16", "p_trns2", "rgba8", "g_trns16" })
        {
            var plain = PngDecoder.Decode(ImagingFixtures.Bytes("png", stem + ".png"));
            var interlaced = PngDecoder.Decode(ImagingFixtures.Bytes("png", stem + "_i.png"));
            Assert.Equal(plain.Channels, interlaced.Channels);
            Assert.NotEqual(plain.Data, interlaced.Data);
            Assert.Equal(ImagingFixtures.Bytes("png", stem + "_i.raw"), interlaced.Data);
        }
    }

    [Fact]
    public void Stream_and_file_overloads_give_the_same_image()
    {
        string path = ImagingFixtures.PathOf("png", "p_trns4_i.png");
        var fromMemory = PngDecoder.Decode(File.ReadAllBytes(path));
        using var stream = File.OpenRead(path);
        var fromStream = PngDecoder.Decode(stream);
        var fromFile = PngDecoder.DecodeFile(path);

        Assert.Equal(fromMemory.Data, fromStream.Data);
        Assert.Equal(fromMemory.Data, fromFile.Data);
    }

    [Fact]
    public void Stream_longer_than_MaxInputBytes_is_refused()
    {
        using var stream = new MemoryStream(SpecExample);
        var options = new ImageDecoderOptions { MaxInputBytes = 69 };

        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(stream, options));
        Assert.Contains("MaxInputBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsPng_checks_the_signature()
    {
        Assert.True(PngDecoder.IsPng(SpecExample));
        Assert.False(PngDecoder.IsPng(SpecExample.AsSpan(0, 7)));
        Assert.False(PngDecoder.IsPng("P6\n1 1\n255\n"u8));
    }

    [Fact]
    public void Options_with_a_non_positive_limit_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PngDecoder.Decode(SpecExample, new ImageDecoderOptions { MaxPixelCount = 0 }));
    }
}
