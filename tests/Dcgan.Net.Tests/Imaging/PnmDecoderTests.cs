using System.Globalization;
using System.Text;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

public class PnmDecoderTests
{
    public static TheoryData<string> Files => ImagingFixtures.Names("pnm");

    private static string Fails(string text, byte[]? tail = null, ImageDecoderOptions? options = null) =>
        Assert.Throws<InvalidDataException>(() => PnmDecoder.Decode([.. Encoding.ASCII.GetBytes(text), .. tail ?? []], options)).Message;

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_decodes_to_PIL_compatible_samples(string name)
    {
        string[] entry = ImagingFixtures.Entry("pnm", name);
        var image = PnmDecoder.Decode(ImagingFixtures.Bytes("pnm", name));

        Assert.Equal(int.Parse(entry[1], CultureInfo.InvariantCulture), image.Width);
        Assert.Equal(int.Parse(entry[2], CultureInfo.InvariantCulture), image.Height);
        Assert.Equal(int.Parse(entry[3], CultureInfo.InvariantCulture), image.Channels);
        Assert.Equal(int.Parse(entry[4], CultureInfo.InvariantCulture), image.BitDepth);
        Assert.Equal(ImagingFixtures.Bytes("pnm", name + ".raw"), image.Data);
    }

    [Fact]
    public void Comments_and_any_whitespace_are_allowed_in_the_header()
    {
        var image = PnmDecoder.Decode("P2 # gray\n#another\r\n2\t1 # size\n255\n 7\n\n9"u8);
        Assert.Equal(new byte[] { 7, 9 }, image.Data);
    }

    [Fact]
    public void Stream_and_file_overloads_give_the_same_image()
    {
        string path = ImagingFixtures.PathOf("pnm", "P6_1000.ppm");
        using var stream = File.OpenRead(path);
        Assert.Equal(PnmDecoder.DecodeFile(path).Data, PnmDecoder.Decode(stream).Data);
    }

    [Fact]
    public void Malformed_headers_are_rejected_with_offsets()
    {
        Assert.Contains("magic number", Fails("P4\n1 1\n"), StringComparison.Ordinal);
        Assert.Contains("height expected at offset 5", Fails("P5\n1 x\n255\n", [0]), StringComparison.Ordinal);
        Assert.Contains("maxval 0", Fails("P5\n1 1\n0\n", [0]), StringComparison.Ordinal);
        Assert.Contains("maxval 65536", Fails("P5\n1 1\n65536\n", [0, 0]), StringComparison.Ordinal);
        Assert.Contains("dimensions 0x1", Fails("P5\n0 1\n255\n", [0]), StringComparison.Ordinal);
        Assert.Contains("more than 10 digits", Fails("P5\n12345678901 1\n255\n", [0]), StringComparison.Ordinal);
        Assert.Contains("whitespace character after maxval", Fails("P5\n1 1\n255"), StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_header_throws_before_allocating()
    {
        string message = Fails("P6\n100000 100000\n255\n", new byte[16]);
        Assert.Contains("MaxPixelCount", message, StringComparison.Ordinal);
        Assert.Contains("MaxPixelCount", Fails("P5\n3 3\n255\n", new byte[9], new ImageDecoderOptions { MaxPixelCount = 8 }), StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_rasters_and_samples_above_maxval_are_rejected()
    {
        Assert.Contains("truncated", Fails("P6\n2 1\n255\n", [1, 2, 3, 4, 5]), StringComparison.Ordinal);
        Assert.Contains("truncated", Fails("P5\n2 1\n1000\n", [0, 1, 0]), StringComparison.Ordinal);
        Assert.Contains("sample 16 at offset 13 exceeds maxval 15", Fails("P2\n3 1\n15\n0 7 16\n"), StringComparison.Ordinal);
        Assert.Contains("exceeds maxval 15", Fails("P5\n2 1\n15\n", [3, 200]), StringComparison.Ordinal);
        Assert.Contains("sample expected at offset 12", Fails("P2\n3 1\n15\n0 x 1 2\n"), StringComparison.Ordinal);
    }
}
