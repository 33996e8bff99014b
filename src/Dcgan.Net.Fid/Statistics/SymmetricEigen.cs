namespace Dcgan.Net.Fid;

/// <summary>
/// Eigen-decomposition of real symmetric matrices: blocked Householder tridiagonalisation
/// (<see cref="Tridiagonalization"/>), implicit QL (<see cref="TridiagonalQl"/>) and, for eigenvectors, a blocked
/// back-transformation. MathNet.Numerics' managed solver is the reference twin in the tests.
/// </summary>
internal static class SymmetricEigen
{
    /// <summary>Eigenvalues in ascending order of the symmetric matrix in the upper triangle of <paramref name="a"/>.</summary>
    /// <param name="a">[n, n] row-major; only the upper triangle is read. Overwritten.</param>
    /// <param name="n">Order of the matrix.</param>
    /// <exception cref="ArithmeticException">The QL iteration did not converge (non-finite input).</exception>
    public static double[] Eigenvalues(double[] a, int n)
    {
        var (d, e, _) = Reduce(a, n);
        TridiagonalQl.Solve(d, e, null);
        return d;
    }

    /// <summary>Eigenvalues in ascending order and the matching orthonormal eigenvectors.</summary>
    /// <param name="a">[n, n] row-major; only the upper triangle is read. Overwritten.</param>
    /// <param name="n">Order of the matrix.</param>
    /// <param name="vectorRows">[n, n]: row i is the unit eigenvector of eigenvalue i (A·vᵢ = λᵢ·vᵢ).</param>
    /// <exception cref="ArithmeticException">The QL iteration did not converge (non-finite input).</exception>
    public static double[] Decompose(double[] a, int n, out double[] vectorRows)
    {
        var (d, e, tau) = Reduce(a, n);
        vectorRows = new double[(long)n * n];
        for (int i = 0; i < n; i++)
        {
            vectorRows[((long)i * n) + i] = 1;
        }

        TridiagonalQl.Solve(d, e, vectorRows);
        Tridiagonalization.BackTransform(a, n, tau, vectorRows);
        return d;
    }

    private static (double[] D, double[] E, double[] Tau) Reduce(double[] a, int n)
    {
        if (a.LongLength < (long)n * n)
        {
            throw new ArgumentException($"A [{n}, {n}] matrix needs {(long)n * n} values, got {a.LongLength}.", nameof(a));
        }

        var d = new double[n];
        var e = new double[Math.Max(0, n - 1)];
        var tau = new double[Math.Max(0, n - 1)];
        Tridiagonalization.Reduce(a, n, d, e, tau);
        return (d, e, tau);
    }
}
