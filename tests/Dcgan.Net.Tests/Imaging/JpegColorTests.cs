using Dcgan.Net.Imaging.Jpeg;

namespace Dcgan.Net.Tests.Imaging;

[Trait("Category", "Simd")]
public sealed class JpegColorTests
{
    [Fact]
    public void Simd_conversion_equals_the_scalar_reference_for_every_width_up_to_70() =>
        AssertSimdEqualsScalar(new Random(3), Enumerable.Range(1, 70));

    [Fact]
    public void Simd_conversion_equals_the_scalar_reference_for_widths_with_several_wide_steps() =>
        // The AVX-512 kernel steps 32 pixels and aligns its last step to the row's end.
        AssertSimdEqualsScalar(new Random(4), Enumerable.Range(90, 40).Concat([500, 501, 1023]));

    [Fact]
    public void Simd_conversion_equals_the_scalar_reference_for_every_chroma_pair()
    {
        const int width = 65536 + 7;
        var y = new byte[width];
        var cb = new byte[width];
        var cr = new byte[width];
        new Random(5).NextBytes(y);
        for (int i = 0; i < width; i++)
        {
            cb[i] = (byte)i;
            cr[i] = (byte)(i >> 8);
        }

        var expected = new byte[3 * width];
        var actual = new byte[3 * width];
        JpegColor.YCbCrToRgbScalar(y, cb, cr, expected, width);
        JpegColor.YCbCrToRgb(y, cb, cr, actual, width, useSimd: true);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(128, 128, 128, 128, 128, 128)]
    [InlineData(0, 128, 128, 0, 0, 0)]
    [InlineData(255, 128, 128, 255, 255, 255)]
    [InlineData(76, 85, 255, 254, 0, 0)]      // pure red in JFIF YCbCr (rounded)
    [InlineData(29, 255, 107, 0, 0, 254)]     // pure blue
    public void Conversion_follows_the_JFIF_equations(int y, int cb, int cr, int r, int g, int b)
    {
        var rgb = new byte[3];

        JpegColor.YCbCrToRgbScalar([(byte)y], [(byte)cb], [(byte)cr], rgb, 1);

        Assert.Equal(new[] { (byte)r, (byte)g, (byte)b }, rgb);
    }

    private static void AssertSimdEqualsScalar(Random random, IEnumerable<int> widths)
    {
        foreach (int width in widths)
        {
            byte[] y = Random(random, width);
            byte[] cb = Random(random, width);
            byte[] cr = Random(random, width);
            var expected = new byte[3 * width];
            var actual = new byte[3 * width];

            JpegColor.YCbCrToRgbScalar(y, cb, cr, expected, width);
            JpegColor.YCbCrToRgb(y, cb, cr, actual, width, useSimd: true);

            Assert.True(expected.AsSpan().SequenceEqual(actual), $"width {width}");
        }
    }

    private static byte[] Random(Random random, int n)
    {
        var data = new byte[n];
        random.NextBytes(data);
        return data;
    }
}
