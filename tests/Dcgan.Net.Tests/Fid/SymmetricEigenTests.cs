using Dcgan.Net.Fid;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Dcgan.Net.Tests.Fid;

[Collection(KernelSettingsCollection.Name)]
public class SymmetricEigenTests
{
    public static TheoryData<int, int> SizesAndLevels()
    {
        var data = new TheoryData<int, int>();
        foreach (int n in new[] { 1, 2, 7, 65, 300 })
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
    public void Decompose_RandomSymmetric_MatchesMathNet(int n, int level)
    {
        double[] a = RandomSymmetric(new Random(n), n);
        var reference = Matrix<double>.Build.Dense(n, n, (i, j) => a[(i * n) + j]).Evd(Symmetricity.Symmetric);
        double[] expected = reference.EigenValues.Select(z => z.Real).Order().ToArray();

        double[] values = [], vectors = [];
        DgemmTests.WithLevel((SimdLevel)level, () => values = SymmetricEigen.Decompose((double[])a.Clone(), n, out vectors));
        double[] valuesOnly = [];
        DgemmTests.WithLevel((SimdLevel)level, () => valuesOnly = SymmetricEigen.Eigenvalues((double[])a.Clone(), n));

        double norm = expected.Max(Math.Abs);
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(expected[i] - values[i]) <= 1e-13 * n * norm, $"value {i}: {values[i]:R} vs MathNet {expected[i]:R}");
            Assert.Equal(values[i], valuesOnly[i]);
        }

        AssertEigenvectors(a, n, values, vectors, norm);

        // Where MathNet's value is well separated its vector is unique up to sign: |⟨ours, MathNet's⟩| = 1.
        var order = reference.EigenValues.Select((z, i) => (z.Real, i)).OrderBy(t => t.Real).Select(t => t.i).ToArray();
        for (int i = 0; i < n; i++)
        {
            double gap = Math.Min(i > 0 ? expected[i] - expected[i - 1] : double.MaxValue, i < n - 1 ? expected[i + 1] - expected[i] : double.MaxValue);
            if (gap < 1e-3 * norm)
            {
                continue;
            }

            double dot = 0;
            for (int k = 0; k < n; k++)
            {
                dot += vectors[(i * n) + k] * reference.EigenVectors[k, order[i]];
            }

            Assert.True(Math.Abs(Math.Abs(dot) - 1) <= 1e-9, $"vector {i}: |dot| = {Math.Abs(dot):R}");
        }
    }

    [Fact]
    public void Decompose_RankDeficientPsdWithRepeatedValues_GivesOrthonormalBasis()
    {
        // A = B Bᵀ with B [120, 40]: 80 zero eigenvalues (a big cluster) plus an exact double eigenvalue pair.
        const int n = 120, rank = 40;
        var random = new Random(17);
        var b = DgemmTests.RandomArray(random, n * rank);
        var a = new double[n * n];
        DgemmReference.Multiply(false, true, n, n, rank, b, rank, b, rank, a, n, accumulate: false);
        for (int i = 0; i < n; i++)
        {
            a[(i * n) + i] += i < 2 ? 3.0 : 0.0;
        }

        double[] values = SymmetricEigen.Decompose((double[])a.Clone(), n, out double[] vectors);

        double norm = values.Max(Math.Abs);
        AssertEigenvectors(a, n, values, vectors, norm);
        Assert.True(values.Count(v => Math.Abs(v) < 1e-12 * norm) >= n - rank - 2);
    }

    [Fact]
    public void Eigenvalues_NaNInput_ThrowsArithmeticException()
    {
        double[] a = RandomSymmetric(new Random(1), 10);
        a[33] = double.NaN;

        Assert.Throws<ArithmeticException>(() => SymmetricEigen.Eigenvalues(a, 10));
    }

    internal static double[] RandomSymmetric(Random random, int n)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                a[(i * n) + j] = a[(j * n) + i] = random.NextDouble() - 0.5;
            }
        }

        return a;
    }

    /// <summary>Checks ‖A vᵢ − λᵢ vᵢ‖ and ‖VᵀV − I‖ against the scale of A.</summary>
    private static void AssertEigenvectors(double[] a, int n, double[] values, double[] vectors, double norm)
    {
        for (int i = 0; i < n; i++)
        {
            double residual = 0;
            for (int r = 0; r < n; r++)
            {
                double sum = -values[i] * vectors[(i * n) + r];
                for (int c = 0; c < n; c++)
                {
                    sum += a[(r * n) + c] * vectors[(i * n) + c];
                }

                residual = Math.Max(residual, Math.Abs(sum));
            }

            Assert.True(residual <= 1e-12 * n * Math.Max(norm, 1e-300), $"residual of vector {i}: {residual:G3}");
            for (int j = i; j < n; j++)
            {
                double dot = 0;
                for (int k = 0; k < n; k++)
                {
                    dot += vectors[(i * n) + k] * vectors[(j * n) + k];
                }

                Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) <= 1e-12 * n, $"VᵀV[{i}, {j}] = {dot:R}");
            }
        }
    }
}
