using System.Numerics;
using Dcgan.Net.Fid;

namespace Dcgan.Net.Tests.Fid;

public class FrechetDistanceTests
{
    private static readonly Dictionary<string, (FeatureStatistics A, FeatureStatistics B)> s_stats = [];

    // Full-rank cases agree to rounding. With N ≤ d the d − N + 1 zero eigenvalues of Σ₁Σ₂ are rounding noise whose
    // square roots (~√ε each) add up: on the same statistics scipy's sqrtm and numpy's eigh already differ by 8e-10
    // (64-d), 1.4e-7 (256-d) and 1.1e-6 (2048-d) relative, and our own kernels at different instruction-set levels
    // (FMA or not) move the 64-d value by 1e-7; those cases get 1e-6 (1e-5 at 2048-d).
    [Theory]
    [InlineData("small", 1e-10)]
    [InlineData("small_rank_deficient", 1e-6)]
    [InlineData("medium_rank_deficient", 1e-6)]
    [InlineData("large", 1e-9)]
    [InlineData("large_rank_deficient", 1e-5)]
    public void Symmetric_FixtureFeatures_MatchesNumpyEigh(string caseName, double tolerance)
    {
        var (a, b) = Statistics(caseName);
        double expected = FixtureFeatures.Case(caseName).GetProperty("fid_symmetric").GetDouble();

        var result = FrechetDistance.Compute(a, b);

        FeatureStatisticsTests.AssertRelative(expected, result.Distance, tolerance, 0);
        Assert.Equal(FrechetMethod.Symmetric, result.Method);
        Assert.Equal(0, result.EpsilonUsed);
        Assert.Equal(result.FirstCount <= result.Dimensions || result.SecondCount <= result.Dimensions, result.Warnings.Count > 0);
    }

    // Rank-deficient cases run the general Hessenberg QR solver; at 2048-d that takes seconds, so the 256-d case covers it.
    [Theory]
    [InlineData("small", 1e-10)]
    [InlineData("small_rank_deficient", 1e-6)]
    [InlineData("medium_rank_deficient", 1e-6)]
    [InlineData("large", 1e-9)]
    public void PytorchFid_FixtureFeatures_MatchesScipySqrtm(string caseName, double tolerance)
    {
        var (a, b) = Statistics(caseName);
        var reference = FixtureFeatures.Case(caseName);

        var result = FrechetDistance.Compute(a, b, FrechetMethod.PytorchFid);

        FeatureStatisticsTests.AssertRelative(reference.GetProperty("fid_pytorch").GetDouble(), result.Distance, tolerance, 0);
        Assert.Equal(reference.GetProperty("pytorch_eps").GetDouble(), result.EpsilonUsed);
        Assert.True(result.MaxImaginaryPart < 1e-3);
    }

    [Theory]
    [InlineData(FrechetMethod.Symmetric)]
    [InlineData(FrechetMethod.PytorchFid)]
    public void IdentityCovariances_GiveSquaredMeanDistance(FrechetMethod method)
    {
        // pytorch-fid's own unit test: with Σ₁ = Σ₂ = I the distance is ‖μ₁ − μ₂‖².
        const int d = 37;
        var identity = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            identity[(i * d) + i] = 1;
        }

        double[] mu1 = Enumerable.Range(0, d).Select(i => Math.Sin(i)).ToArray();
        double[] mu2 = Enumerable.Range(0, d).Select(i => Math.Cos(i)).ToArray();
        double expected = mu1.Zip(mu2, (a, b) => (a - b) * (a - b)).Sum();

        var result = FrechetDistance.Compute(mu1, identity, mu2, identity, method);

        Assert.Equal(expected, result.Distance, 1e-12);
        Assert.Equal(d, result.TraceSqrtProduct, 1e-12);
    }

    [Theory]
    [InlineData(FrechetMethod.Symmetric)]
    [InlineData(FrechetMethod.PytorchFid)]
    public void DiagonalCovariances_GiveClosedForm(FrechetMethod method)
    {
        // tr √(Σ₁Σ₂) = Σ √(aᵢbᵢ) for diagonal covariances; the zero variances make both singular (a double zero
        // eigenvalue, the symmetric method's eigen route; scipy's sqrtm copes with it, so no retry either).
        double[] a = [4, 1, 0.25, 9, 0];
        double[] b = [1, 16, 0.25, 0, 2];
        var result = FrechetDistance.Compute(new double[5], Diagonal(a), new double[5], Diagonal(b), method);

        Assert.Equal(2 + 4 + 0.25, result.TraceSqrtProduct, 1e-12);
        Assert.Equal(14.25 + 19.25 - (2 * 6.25), result.Distance, 1e-12);
        Assert.Equal(0, result.EpsilonUsed);
    }

    [Fact]
    public void PytorchFid_NonFiniteRoot_RetriesOnceWithEpsilonOnBothDiagonals()
    {
        // Both covariances singular: the general solver runs, and here it "fails" (NaN) the first time. The retry adds
        // 1e-6 to both diagonals, which makes them positive definite (symmetric-similarity route, exact closed form).
        double[] a = [4, 1, 0, 0];
        double[] b = [1, 16, 0, 0];
        int calls = 0;
        Complex[] FailingSolver(double[] product, int d)
        {
            calls++;
            return [Complex.NaN, 1, 1, 1];
        }

        var root = FrechetDistance.PytorchTraceSqrt(Diagonal(a), Diagonal(b), 4, FailingSolver);

        double eps = FrechetDistance.Epsilon;
        Assert.Equal(1, calls);
        Assert.Equal(eps, root.Epsilon);
        Assert.Equal(Math.Sqrt((4 + eps) * (1 + eps)) + Math.Sqrt((1 + eps) * (16 + eps)) + (2 * eps), root.Trace, 1e-13);
    }

    [Fact]
    public void PytorchFid_StillNotFiniteAfterRetry_Throws()
    {
        var e = Assert.Throws<ArithmeticException>(() => FrechetDistance.PytorchTraceSqrt(
            Diagonal([-1e-6, 0]), Diagonal([-1e-6, 0]), 2, (_, _) => [Complex.NaN, 0]));
        Assert.Contains("even with 1e-6", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotPositiveSemidefinite_PytorchThrowsImaginaryComponent_SymmetricReportsNegativeMass()
    {
        double[] indefinite = [1, 0, 0, -0.25];
        double[] identity = [1, 0, 0, 1];

        var e = Assert.Throws<ArithmeticException>(
            () => FrechetDistance.Compute(new double[2], indefinite, new double[2], identity, FrechetMethod.PytorchFid));
        var symmetric = FrechetDistance.Compute(new double[2], indefinite, new double[2], identity);

        Assert.Contains("Imaginary component 0.5", e.Message, StringComparison.Ordinal);
        Assert.Equal(0.25, symmetric.NegativeEigenvalueMass, 1e-15);
        Assert.Equal(1, symmetric.TraceSqrtProduct, 1e-15);
    }

    [Fact]
    public void FewSamples_WarnAboutSingularCovariance()
    {
        var (a, b) = Statistics("small_rank_deficient");

        var result = FrechetDistance.Compute(a, b);

        Assert.True(result.HasSingularCovariance);
        Assert.Equal(40, result.FirstCount);
        Assert.Equal(2, result.Warnings.Count);
        Assert.Contains("40 samples", result.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void BadInputs_ThrowArgumentExceptionNamingTheProblem()
    {
        double[] identity2 = [1, 0, 0, 1];
        var dims = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(new double[2], identity2, new double[3], identity2));
        var shape = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(new double[2], [1, 0, 0], new double[2], identity2));
        var nan = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(new double[2], identity2, new double[2], [1, 0, double.NaN, 1]));
        var stats = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(new FeatureStatistics(3), new FeatureStatistics(4)));
        var asymmetric = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(new double[2], [1, 0.5, 0, 1], new double[2], identity2));

        Assert.Contains("mean2 has 3", dims.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 2]", shape.Message, StringComparison.Ordinal);
        Assert.Contains("covariance2", nan.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 0]", nan.Message, StringComparison.Ordinal);
        Assert.Contains("3 and 4", stats.Message, StringComparison.Ordinal);
        Assert.Contains("covariance1 is not symmetric", asymmetric.Message, StringComparison.Ordinal);
    }

    private static double[] Diagonal(double[] values)
    {
        int d = values.Length;
        var m = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            m[(i * d) + i] = values[i];
        }

        return m;
    }

    private static (FeatureStatistics A, FeatureStatistics B) Statistics(string caseName)
    {
        lock (s_stats)
        {
            if (!s_stats.TryGetValue(caseName, out var pair))
            {
                pair = (Build(caseName, "a"), Build(caseName, "b"));
                s_stats[caseName] = pair;
            }

            return pair;
        }
    }

    private static FeatureStatistics Build(string caseName, string side)
    {
        float[] x = FixtureFeatures.For(caseName, side, out _, out int d);
        var stats = new FeatureStatistics(d);
        stats.Add(x);
        return stats;
    }
}
