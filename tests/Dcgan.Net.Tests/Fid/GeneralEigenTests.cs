using System.Numerics;
using Dcgan.Net.Fid;
using MathNet.Numerics.LinearAlgebra;

namespace Dcgan.Net.Tests.Fid;

[Collection(KernelSettingsCollection.Name)]
public class GeneralEigenTests
{
    public static TheoryData<int, int> SizesAndLevels()
    {
        var data = new TheoryData<int, int>();
        foreach (int n in new[] { 1, 2, 7, 65, 150 })
        {
            foreach (int level in DgemmTests.SupportedLevels())
            {
                data.Add(n, level);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SizesAndLevels))]
    public void Eigenvalues_RandomNonSymmetric_MatchMathNet(int n, int level)
    {
        // Random non-symmetric matrices have complex conjugate pairs: both the real and the 2×2-block paths run.
        double[] a = DgemmTests.RandomArray(new Random(n + 100), n * n);
        var expected = Matrix<double>.Build.Dense(n, n, (i, j) => a[(i * n) + j]).Evd().EigenValues.ToArray();

        Complex[] actual = [];
        DgemmTests.WithLevel((SimdLevel)level, () => actual = GeneralEigen.Eigenvalues((double[])a.Clone(), n));

        AssertSameSpectrum(expected, actual, 1e-10 * n);
        Assert.True(n < 65 || actual.Any(z => z.Imaginary != 0), "a random 65×65 or larger matrix has complex pairs");
    }

    [Fact]
    public void Eigenvalues_ProductOfCovariances_AreRealAndMatchTheSymmetricSimilarity()
    {
        // Σ₁Σ₂ with Σ₂ = L Lᵀ is similar to Lᵀ Σ₁ L: the general solver must find the same (real, positive) spectrum.
        const int n = 80;
        var random = new Random(4);
        double[] s1 = Covariance(random, n), s2 = Covariance(random, n);
        var product = new double[n * n];
        DgemmReference.Multiply(false, false, n, n, n, s1, n, s2, n, product, n, accumulate: false);
        var lower = (double[])s2.Clone();
        Assert.True(Cholesky.TryFactor(lower, n));
        var temp = new double[n * n];
        var congruent = new double[n * n];
        DgemmReference.Multiply(false, false, n, n, n, s1, n, lower, n, temp, n, accumulate: false);
        DgemmReference.Multiply(true, false, n, n, n, lower, n, temp, n, congruent, n, accumulate: false);

        Complex[] general = GeneralEigen.Eigenvalues(product, n);
        double[] symmetric = SymmetricEigen.Eigenvalues(congruent, n);

        AssertSameSpectrum(symmetric.Select(v => new Complex(v, 0)).ToArray(), general, 1e-11);
    }

    [Fact]
    public void Eigenvalues_NaN_ThrowsArithmeticException()
    {
        double[] a = DgemmTests.RandomArray(new Random(2), 25);
        a[7] = double.NaN;

        Assert.Throws<ArithmeticException>(() => GeneralEigen.Eigenvalues(a, 5));
    }

    internal static double[] Covariance(Random random, int n)
    {
        double[] x = DgemmTests.RandomArray(random, n * 2 * n);
        var s = new double[n * n];
        DgemmReference.Multiply(false, true, n, n, 2 * n, x, 2 * n, x, 2 * n, s, n, accumulate: false);
        return s;
    }

    /// <summary>Greedy matching of two multisets of complex numbers within a tolerance scaled by the largest modulus.</summary>
    private static void AssertSameSpectrum(Complex[] expected, Complex[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-300, expected.Max(z => z.Magnitude));
        var unused = actual.ToList();
        foreach (var z in expected.OrderBy(z => z.Real).ThenBy(z => z.Imaginary))
        {
            var nearest = unused.MinBy(w => (w - z).Magnitude);
            Assert.True((nearest - z).Magnitude <= relative * scale, $"eigenvalue {z} has no match (nearest {nearest})");
            unused.Remove(nearest);
        }
    }
}
