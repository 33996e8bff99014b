using System.Globalization;
using Dcgan.Net.Imaging;
using Dcgan.Net.Tests.Data;

namespace Dcgan.Net.Tests.Imaging;

public class ImageFileTests
{
    // PIL ignores the tRNS chunk of 16-bit gray PNGs and clips the gray; ImageFile treats them as gray+alpha (documented).
    private static readonly string[] KnownPilDifferences = ["png/g_trns16.png", "png/g_trns16_i.png"];

    public static TheoryData<string> Decodable()
    {
        var data = new TheoryData<string>();
        foreach (var fields in ImagingFixtures.Manifest("files").Where(f => !KnownPilDifferences.Contains(f[0])))
        {
            data.Add(fields[0]);
        }

        return data;
    }

    private static string FixturePath(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", relative);

    [Theory]
    [MemberData(nameof(Decodable))]
    public void Load_with_channels_equals_PIL_open_convert(string relative)
    {
        string[] entry = ImagingFixtures.Manifest("files").Single(f => f[0] == relative);
        int width = int.Parse(entry[1], CultureInfo.InvariantCulture), height = int.Parse(entry[2], CultureInfo.InvariantCulture);
        string expected = relative.Replace('/', '_');

        var rgb = ImageFile.Load(FixturePath(relative), channels: 3);
        var gray = ImageFile.Load(FixturePath(relative), channels: 1);

        Assert.Equal((width, height, 3, 8), (rgb.Width, rgb.Height, rgb.Channels, rgb.BitDepth));
        Assert.Equal((1, 8), (gray.Channels, gray.BitDepth));
        Assert.Equal(ImagingFixtures.Bytes("files", Path.Combine("expected", expected + ".rgb.raw")), rgb.Data);
        Assert.Equal(ImagingFixtures.Bytes("files", Path.Combine("expected", expected + ".l.raw")), gray.Data);
    }

    [Fact]
    public void The_format_comes_from_the_content_not_the_extension()
    {
        string path = FixturePath("files/png_named.jpg");
        Assert.Equal(ImageFileFormat.Png, ImageFile.DetectFormat(File.ReadAllBytes(path)));
        Assert.Equal(ImageFile.Load(FixturePath("files/rgb.png")).Data, ImageFile.Load(path).Data);
    }

    [Fact]
    public void Load_without_channels_keeps_the_decoded_layout_and_Decode_equals_Load()
    {
        var image = ImageFile.Load(FixturePath("png/rgba16.png"));
        Assert.Equal((4, 16), (image.Channels, image.BitDepth));
        Assert.Equal(PngDecoder.DecodeFile(FixturePath("png/rgba16.png")).Data, image.Data);

        byte[] jpeg = File.ReadAllBytes(FixturePath("files/rgb.jpg"));
        Assert.Equal(JpegDecoder.Decode(jpeg).Data, ImageFile.Decode(jpeg).Data);
        Assert.Equal(ImageFile.Load(FixturePath("files/rgb.jpg"), 1).Data, ImageFile.Decode(jpeg, 1).Data);
        Assert.Equal(PnmDecoder.DecodeFile(FixturePath("pnm/P6_1000.ppm")).Data, ImageFile.Load(FixturePath("pnm/P6_1000.ppm")).Data);
    }

    [Fact]
    public void One_image_npy_files_load_as_HWC_or_HW()
    {
        var rgb = ImageFile.Load(FixturePath("arrays/one_hwc.npy"));
        var gray = ImageFile.Load(FixturePath("arrays/one_hw.npy"));

        Assert.Equal((7, 5, 3), (rgb.Width, rgb.Height, rgb.Channels));
        Assert.Equal(ImageArrayTests.Pattern(1, 5, 7, 3), rgb.Data);
        Assert.Equal((7, 5, 1), (gray.Width, gray.Height, gray.Channels));
        Assert.Equal(ImageArrayTests.Pattern(1, 5, 7, 1), gray.Data);
        Assert.Equal(gray.ToRgb().Data, ImageFile.Load(FixturePath("arrays/one_hw.npy"), 3).Data);
    }

    [Theory]
    [InlineData("bmp", "a BMP image")]
    [InlineData("gif", "a GIF image")]
    [InlineData("tif", "a TIFF image")]
    [InlineData("webp", "a WebP image")]
    public void Unsupported_formats_name_the_file_and_what_it_looks_like(string extension, string looksLike)
    {
        string path = FixturePath("files/unsupported." + extension);
        var ex = Assert.Throws<InvalidDataException>(() => ImageFile.Load(path, 3));

        Assert.StartsWith($"'{path}': the file is {looksLike}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PNG, JPEG", ex.Message, StringComparison.Ordinal);
        Assert.False(ImageFile.CanDecode(ImageFile.DetectFormat(File.ReadAllBytes(path))));
    }

    [Fact]
    public void Unknown_empty_and_batch_data_are_described()
    {
        Assert.Contains("unknown data starting with 0x48656C6C6F (\"Hello\")", Fails("Hello"u8.ToArray()), StringComparison.Ordinal);
        Assert.Contains("empty (0 bytes)", Fails([]), StringComparison.Ordinal);
        Assert.Contains("PBM bitmap", Fails("P4\n1 1\n\0"u8.ToArray()), StringComparison.Ordinal);
        Assert.Contains("ZIP archive", Fails(File.ReadAllBytes(FixturePath("arrays/rgb_single.npz"))), StringComparison.Ordinal);
        Assert.Contains("batch of images is read with ImageArray.Read", Fails(File.ReadAllBytes(FixturePath("arrays/rgba_nhwc.npy"))), StringComparison.Ordinal);
        Assert.Contains("Float32", Fails(File.ReadAllBytes(FixturePath("arrays/bad_float32.npy"))), StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_and_truncated_files_name_the_file_and_the_decoders_problem()
    {
        using var folder = DataFixtures.NewTempFolder();
        byte[] png = File.ReadAllBytes(FixturePath("files/rgb.png"));
        string truncated = Write(folder.File("cut.png"), png[..(png.Length - 20)]);
        byte[] crc = (byte[])png.Clone();
        crc[50] ^= 0xFF;
        string corrupt = Write(folder.File("crc.png"), crc);
        string jpeg = Write(folder.File("cut.jpg"), File.ReadAllBytes(FixturePath("files/rgb.jpg"))[..60]);

        Assert.StartsWith($"'{truncated}': ", Assert.Throws<InvalidDataException>(() => ImageFile.Load(truncated)).Message, StringComparison.Ordinal);
        Assert.Contains("CRC", Assert.Throws<InvalidDataException>(() => ImageFile.Load(corrupt, 3)).Message, StringComparison.Ordinal);
        Assert.StartsWith($"'{jpeg}': ", Assert.Throws<InvalidDataException>(() => ImageFile.Load(jpeg)).Message, StringComparison.Ordinal);
        Assert.Contains("MaxInputBytes", Assert.Throws<InvalidDataException>(
            () => ImageFile.Load(corrupt, new ImageDecoderOptions { MaxInputBytes = 10 })).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => ImageFile.Load(folder.File("missing.png")));
    }

    [Fact]
    public void Channel_counts_other_than_1_or_3_are_rejected_before_reading()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageFile.Load("does-not-matter.png", 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageFile.Decode(new byte[] { 1 }, 2));
    }

    private static string Write(string path, byte[] data)
    {
        File.WriteAllBytes(path, data);
        return path;
    }

    private static string Fails(byte[] data) => Assert.Throws<InvalidDataException>(() => ImageFile.Decode(data)).Message;
}
