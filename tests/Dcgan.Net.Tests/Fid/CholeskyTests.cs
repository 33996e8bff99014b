using Dcgan.Net.Fid;

namespace Dcgan.Net.Tests.Fid;

[Collection(KernelSettingsCollection.Name)]
public class CholeskyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(97)]
    [InlineData(250)]
    public void TryFactor_PositiveDefinite_GivesLowerFactorThatReproducesTheMatrix(int n)
    {
        foreach (int level in DgemmTests.SupportedLevels())
        {
            double[] a = GeneralEigenTests.Covariance(new Random(n), n);
            var l = (double[])a.Clone();

            bool ok = false;
            DgemmTests.WithLevel((SimdLevel)level, () => ok = Cholesky.TryFactor(l, n));

            Assert.True(ok);
            var product = new double[n * n];
            DgemmReference.Multiply(false, true, n, n, n, l, n, l, n, product, n, accumulate: false);
            double scale = a.Max(Math.Abs);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    Assert.True(j <= i || l[(i * n) + j] == 0, $"L[{i}, {j}] above the diagonal is {l[(i * n) + j]}");
                    Assert.True(Math.Abs(product[(i * n) + j] - a[(i * n) + j]) <= 1e-13 * n * scale, $"(L Lᵀ)[{i}, {j}] at level {level}");
                }
            }
        }
    }

    [Fact]
    public void TryFactor_SingularOrIndefinite_ReturnsFalse()
    {
        // Rank 3 of 130 (crossing a 96-row block), and a matrix with a negative eigenvalue.
        const int n = 130;
        double[] x = DgemmTests.RandomArray(new Random(1), n * 3);
        var singular = new double[n * n];
        DgemmReference.Multiply(false, true, n, n, 3, x, 3, x, 3, singular, n, accumulate: false);
        double[] indefinite = [1, 2, 2, 1];

        Assert.False(Cholesky.TryFactor(singular, n));
        Assert.False(Cholesky.TryFactor(indefinite, 2));
    }
}
