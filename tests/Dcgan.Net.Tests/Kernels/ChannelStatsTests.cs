using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

/// <summary>
/// <see cref="ChannelStats"/> against sequential scalar loops: float64 sums to 1e-12 relative (only the
/// summation order differs), the float input gradient bit for bit.
/// </summary>
[Trait("Category", "Simd")]
public sealed class ChannelStatsTests
{
    public static TheoryData<int> Lengths => [1, 5, 8, 16, 17, 63];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SumsMatchSequentialDoubleLoops(int length)
    {
        float[] x = KernelTestData.Random(length, 3 + length);
        float[] g = KernelTestData.Random(length, 5 + length);
        double sum = 0, squares = 0, sumG = 0, sumGx = 0;
        foreach (float v in x)
        {
            sum += v;
        }

        double mean = sum / length;
        foreach (float v in x)
        {
            squares += (v - mean) * (v - mean);
        }

        const float Mu = 0.125f, InvStd = 1.75f;
        for (int i = 0; i < length; i++)
        {
            sumG += g[i];
            sumGx += g[i] * ((x[i] - Mu) * InvStd);
        }

        double gotG = 0.5, gotGx = -0.25;
        ChannelStats.GradientSums(g, x, Mu, InvStd, ref gotG, ref gotGx);
        AssertNear(sum, ChannelStats.Sum(x), "sum");
        AssertNear(squares, ChannelStats.SquaredDeviation(x, mean), "squared deviation");
        AssertNear(sumG + 0.5, gotG, "sum of g");
        AssertNear(sumGx - 0.25, gotGx, "sum of g * xhat");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void InputGradientMatchesTheScalarFormula(int length)
    {
        float[] x = KernelTestData.Random(length, 7 + length);
        float[] g = KernelTestData.Random(length, 9 + length);
        const float Mu = -0.3f, InvStd = 2.5f, Scale = 0.9f, MeanG = 0.05f, MeanGx = -0.02f;
        var expected = new float[length];
        for (int i = 0; i < length; i++)
        {
            float xhat = (x[i] - Mu) * InvStd;
            expected[i] = Scale * (g[i] - MeanG - (xhat * MeanGx));
        }

        var dx = new float[length];
        ChannelStats.InputGradient(g, x, Mu, InvStd, Scale, MeanG, MeanGx, dx);
        KernelTestData.AssertBitIdentical(expected, dx, "batch-norm input gradient");
    }

    private static void AssertNear(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R}, expected {expected:R}.");
}
