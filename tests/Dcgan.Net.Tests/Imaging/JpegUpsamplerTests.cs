using Dcgan.Net.Imaging.Jpeg;

namespace Dcgan.Net.Tests.Imaging;

[Trait("Category", "Simd")]
public sealed class JpegUpsamplerTests
{
    [Fact]
    public void Simd_rows_equal_the_scalar_reference_for_every_width_from_3_to_70()
    {
        var random = new Random(11);
        for (int width = 3; width <= 70; width++)
        {
            var near = new byte[width];
            var far = new byte[width];
            random.NextBytes(near);
            random.NextBytes(far);
            var expected = new byte[2 * width];
            var actual = new byte[2 * width];

            JpegUpsampler.H2V1Row(near, expected, simd: false);
            JpegUpsampler.H2V1Row(near, actual, simd: true);
            Assert.Equal(expected, actual);

            JpegUpsampler.H2V2Row(near, far, expected, simd: false);
            JpegUpsampler.H2V2Row(near, far, actual, simd: true);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Vector_2x2_kernel_matches_the_scalar_reference_with_a_stale_scratch_row()
    {
        // Widths around the 16- and 32-sample steps, whose last step is aligned to the row's end.
        var random = new Random(13);
        foreach (int width in Enumerable.Range(16, 60).Concat([95, 96, 97, 250, 251, 500]))
        {
            var near = new byte[width];
            var far = new byte[width];
            random.NextBytes(near);
            random.NextBytes(far);
            short[] sums = Enumerable.Range(0, width + 2).Select(i => (short)(i * 37 - 1000)).ToArray();
            var expected = new byte[2 * width];
            var actual = new byte[2 * width];

            JpegUpsampler.H2V2RowScalar(near, far, expected);
            JpegUpsampler.H2V2Row(near, far, actual, simd: true, sums);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Triangle_filter_weights_the_nearest_sample_three_quarters()
    {
        byte[] source = [0, 100, 200];
        var dst = new byte[6];

        JpegUpsampler.H2V1Row(source, dst, simd: false);

        // Edges copy; inside, (3 * 100 + 0 + 1) / 4 = 75 and (3 * 100 + 200 + 2) / 4 = 125.
        Assert.Equal(new byte[] { 0, 25, 75, 125, 175, 200 }, dst);
    }

    [Fact]
    public void Constant_planes_stay_constant()
    {
        byte[] row = Enumerable.Repeat((byte)77, 40).ToArray();
        var dst = new byte[80];

        JpegUpsampler.H2V2Row(row, row, dst, simd: true);

        Assert.All(dst, v => Assert.Equal(77, v));
    }
}
