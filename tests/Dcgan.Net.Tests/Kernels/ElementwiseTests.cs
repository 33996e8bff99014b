using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

/// <summary>The vector loops of <see cref="Elementwise"/> against plain per-element formulas, bit for bit.</summary>
[Trait("Category", "Simd")]
public sealed class ElementwiseTests
{
    public static TheoryData<int> Lengths => [0, 1, 7, 8, 9, 31, 67];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void LeakyReluMatchesTheScalarFormula(int length)
    {
        float[] x = WithSpecials(KernelTestData.Random(length, 11 + length));
        var y = new float[length];
        Elementwise.LeakyRelu(x, 0.2f, y);
        var expected = new float[length];
        for (int i = 0; i < length; i++)
        {
            expected[i] = x[i] > 0 ? x[i] : x[i] * 0.2f;
        }

        KernelTestData.AssertBitIdentical(expected, y, "leaky relu");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void PositiveMaskIsOneAboveZeroAndTheGivenValueElsewhere(int length)
    {
        float[] x = WithSpecials(KernelTestData.Random(length, 23 + length));
        var mask = new float[length];
        Elementwise.PositiveMask(x, 0.01f, mask);
        var expected = new float[length];
        for (int i = 0; i < length; i++)
        {
            expected[i] = x[i] > 0 ? 1f : 0.01f;
        }

        KernelTestData.AssertBitIdentical(expected, mask, "positive mask");
    }

    /// <summary>Zero, negative zero and NaN in the first lanes, where the select must agree with the comparison.</summary>
    private static float[] WithSpecials(float[] x)
    {
        float[] specials = [0f, -0f, float.NaN];
        for (int i = 0; i < Math.Min(x.Length, specials.Length); i++)
        {
            x[i] = specials[i];
        }

        return x;
    }
}
