using Dcgan.Net.Imaging.Jpeg;

namespace Dcgan.Net.Tests.Imaging;

[Trait("Category", "Simd")]
public sealed class JpegIdctTests
{
    [Fact]
    public void Avx2_transform_equals_the_scalar_reference_on_random_blocks()
    {
        if (!JpegIdct.Avx2Available)
        {
            return; // nothing to compare on this machine; the scalar path is covered by the fixture tests
        }

        var random = new Random(7);
        var coefficients = new short[64];
        var quant = new int[64];
        for (int trial = 0; trial < 2000; trial++)
        {
            // Wide ranges, including values that saturate the output, and sparse blocks.
            int range = trial % 3 == 0 ? 2048 : 64;
            for (int i = 0; i < 64; i++)
            {
                coefficients[i] = random.Next(4) == 0 || trial % 5 == 0 ? (short)random.Next(-range, range) : (short)0;
                quant[i] = 1 + random.Next(trial % 2 == 0 ? 16 : 255);
            }

            const int stride = 19; // not a multiple of the vector width
            var expected = new byte[8 * stride + 3];
            var actual = new byte[8 * stride + 3];
            JpegIdct.TransformScalar(coefficients, quant, expected, 3, stride);
            JpegIdct.TransformAvx2(coefficients, quant, actual, 3, stride);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Upper_left_Avx2_transform_equals_the_scalar_reference_on_4x4_blocks()
    {
        if (!JpegIdct.Avx2Available)
        {
            return;
        }

        var random = new Random(8);
        var coefficients = new short[64];
        var quant = new int[64];
        for (int trial = 0; trial < 2000; trial++)
        {
            int range = trial % 3 == 0 ? 2048 : 64;
            for (int i = 0; i < 64; i++)
            {
                bool upperLeft = i / 8 < 4 && i % 8 < 4;
                coefficients[i] = upperLeft && random.Next(3) != 0 ? (short)random.Next(-range, range) : (short)0;
                quant[i] = 1 + random.Next(255);
            }

            var expected = new byte[8 * 11];
            var actual = new byte[8 * 11];
            JpegIdct.TransformScalar(coefficients, quant, expected, 0, 11);
            JpegIdct.TransformAvx2UpperLeft(coefficients, quant, actual, 0, 11);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Dc_only_fill_equals_the_full_transform()
    {
        var coefficients = new short[64];
        var quant = Enumerable.Range(1, 64).ToArray();
        for (int dc = -1100; dc <= 1100; dc += 7)
        {
            coefficients[0] = (short)dc;
            var expected = new byte[64];
            var actual = new byte[64];
            JpegIdct.TransformScalar(coefficients, quant, expected, 0, 8);
            JpegIdct.FillDc(dc * quant[0], actual, 0, 8);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Scalar_transform_of_a_single_basis_function_matches_the_DCT_definition()
    {
        // T.81 A.3.3: s(y,x) = 1/4 sum C(u) C(v) S(v,u) cos((2x+1)u pi/16) cos((2y+1)v pi/16), plus 128.
        var coefficients = new short[64];
        var quant = Enumerable.Repeat(1, 64).ToArray();
        coefficients[1 * 8 + 2] = 200; // vertical frequency 1, horizontal frequency 2
        var output = new byte[64];

        JpegIdct.TransformScalar(coefficients, quant, output, 0, 8);

        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                double exact = 128 + 0.25 * 200 * Math.Cos((2 * x + 1) * 2 * Math.PI / 16) * Math.Cos((2 * y + 1) * Math.PI / 16);
                Assert.InRange(output[y * 8 + x], exact - 1, exact + 1);
            }
        }
    }
}
