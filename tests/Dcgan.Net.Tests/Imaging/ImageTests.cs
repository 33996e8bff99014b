using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

public class ImageTests
{
    [Fact]
    public void ToGrayscale_matches_PIL_convert_L_including_its_rounding_corner_cases()
    {
        byte[] rgb = ImagingFixtures.Bytes("convert", "rgb_64x32.raw");
        var gray = new Image(64, 32, 3, rgb).ToGrayscale();

        Assert.Equal((1, 8), (gray.Channels, gray.BitDepth));
        Assert.Equal(ImagingFixtures.Bytes("convert", "l_64x32.raw"), gray.Data);
    }

    [Fact]
    public void ToGrayscale_ignores_alpha_and_keeps_16_bit_depth()
    {
        Assert.Equal(new byte[] { 76 }, new Image(1, 1, 4, [255, 0, 0, 9]).ToGrayscale().Data);
        Assert.Equal(new byte[] { 7 }, new Image(1, 1, 2, [7, 200]).ToGrayscale().Data);
        var wide = new Image(1, 1, 3, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 16).ToGrayscale();
        Assert.Equal(16, wide.BitDepth);
        Assert.Equal(new byte[] { 0xFF, 0xFF }, wide.Data);
    }

    [Fact]
    public void ToRgb_replicates_gray_and_drops_alpha_without_compositing()
    {
        Assert.Equal(new byte[] { 5, 5, 5, 9, 9, 9 }, new Image(2, 1, 1, [5, 9]).ToRgb().Data);
        Assert.Equal(new byte[] { 5, 5, 5 }, new Image(1, 1, 2, [5, 0]).ToRgb().Data);
        Assert.Equal(new byte[] { 1, 2, 3 }, new Image(1, 1, 4, [1, 2, 3, 0]).ToRgb().Data);
        Assert.Equal(new byte[] { 1, 2, 1, 2, 1, 2 }, new Image(1, 1, 1, [1, 2], 16).ToRgb().Data);
        var rgb = new Image(1, 1, 3, [1, 2, 3]);
        Assert.Same(rgb, rgb.ToRgb());
    }

    [Fact]
    public void ToEightBit_keeps_the_high_byte()
    {
        var image = new Image(2, 1, 1, [0xFF, 0x12, 0x00, 0xFF], 16).ToEightBit();
        Assert.Equal(8, image.BitDepth);
        Assert.Equal(new byte[] { 0x12, 0xFF }, image.Data);
    }

    [Fact]
    public void ToChw_is_planar_and_divides_by_255_in_float32()
    {
        var image = new Image(2, 1, 3, [0, 1, 2, 128, 254, 255]);

        float[] zeroOne = image.ToChw();
        float[] symmetric = image.ToChw(PixelRange.MinusOneToOne);

        Assert.Equal(new[] { 0f, 128 / 255f, 1 / 255f, 254 / 255f, 2 / 255f, 1f }, zeroOne);
        Assert.Equal(-1f, symmetric[0]);
        Assert.Equal(1f, symmetric[5]);
        Assert.Equal((128 / 255f) * 2f - 1f, symmetric[1]);
    }

    [Fact]
    public void ToChw_of_16_bit_images_divides_by_65535()
    {
        var image = new Image(1, 1, 1, [0xFF, 0x7F], 16);
        Assert.Equal(32767 / 65535f, image.ToChw()[0]);
    }

    [Fact]
    public void FromChw_rounds_as_save_image()
    {
        float[] values = [-0.5f, 0f, 0.5f / 255f - 1e-6f, 0.5f / 255f + 1e-6f, 0.5f, 1f, 2f, float.NaN];
        var image = Image.FromChw(values, 1, 1, values.Length);
        Assert.Equal(new byte[] { 0, 0, 0, 1, 128, 255, 255, 0 }, image.Data);
    }

    [Fact]
    public void FromChw_with_symmetric_range_clamps_and_maps_to_0_1()
    {
        var image = Image.FromChw([-3f, -1f, 0f, 1f, 5f], 1, 1, 5, PixelRange.MinusOneToOne);
        Assert.Equal(new byte[] { 0, 0, 128, 255, 255 }, image.Data);
    }

    [Theory]
    [InlineData(PixelRange.ZeroToOne)]
    [InlineData(PixelRange.MinusOneToOne)]
    public void Chw_round_trip_is_exact_for_8_bit_images(PixelRange range)
    {
        var data = new byte[5 * 3 * 4];
        new Random(3).NextBytes(data);
        var image = new Image(5, 3, 4, data);

        var back = Image.FromChw(image.ToChw(range), 4, 3, 5, range);

        Assert.Equal(data, back.Data);
    }

    [Fact]
    public void Chw_arguments_are_checked()
    {
        var image = new Image(2, 2, 3, new byte[12]);
        Assert.Throws<ArgumentException>(() => image.ToChw(new float[11]));
        Assert.Throws<ArgumentException>(() => Image.FromChw(new float[11], 3, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Image.FromChw(new float[10], 5, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => image.ToChw((PixelRange)7));
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".PPM")]
    public void Save_picks_the_format_from_the_extension(string extension)
    {
        var image = new Image(3, 1, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        string path = Path.Combine(Path.GetTempPath(), $"dcgan-image-{Guid.NewGuid():N}{extension}");
        try
        {
            image.Save(path);
            byte[] file = File.ReadAllBytes(path);
            var back = extension == ".png" ? PngDecoder.Decode(file) : PnmDecoder.Decode(file);
            Assert.Equal(image.Data, back.Data);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Throws<ArgumentException>(() => image.Save("picture.gif"));
    }
}
