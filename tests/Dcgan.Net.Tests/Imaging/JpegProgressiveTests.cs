using System.Numerics;
using Dcgan.Net.Imaging.Jpeg;

namespace Dcgan.Net.Tests.Imaging;

[Trait("Category", "Simd")]
public sealed class JpegProgressiveTests
{
    [Fact]
    public void Nth_set_bit_agrees_with_and_without_BMI2_and_with_a_plain_count()
    {
        var random = new Random(13);
        for (int trial = 0; trial < 5000; trial++)
        {
            ulong mask = (ulong)random.NextInt64() & (ulong)random.NextInt64() | (trial % 7 == 0 ? 0 : 1UL << random.Next(64));
            int n = random.Next(16);
            int expected = -1;
            for (int bit = 0, seen = 0; bit < 64; bit++)
            {
                if ((mask >> bit & 1) != 0 && seen++ == n)
                {
                    expected = bit;
                    break;
                }
            }

            Assert.Equal(expected, JpegDecoderCore.NthSetBit(mask, n, -1, useBmi2: false));
            Assert.Equal(expected, JpegDecoderCore.NthSetBit(mask, n, -1, useBmi2: true));
        }
    }

    [Fact]
    public void Non_zero_mask_marks_exactly_the_non_zero_coefficients()
    {
        var random = new Random(17);
        var block = new short[64];
        for (int trial = 0; trial < 500; trial++)
        {
            ulong expected = 0;
            for (int i = 0; i < 64; i++)
            {
                block[i] = random.Next(3) == 0 ? (short)random.Next(-3, 4) : (short)0;
                expected |= block[i] != 0 ? 1UL << i : 0;
            }

            Assert.Equal(expected, JpegDecoderCore.NonZeroMask(block));
            Assert.Equal(BitOperations.PopCount(expected), block.Count(c => c != 0));
        }
    }
}
