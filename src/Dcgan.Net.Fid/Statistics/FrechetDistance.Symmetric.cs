namespace Dcgan.Net.Fid;

public static partial class FrechetDistance
{
    /// <summary>
    /// tr √(√Σ₁ Σ₂ √Σ₁) = Σ √max(λᵢ, 0) over the eigenvalues λᵢ of √Σ₁ Σ₂ √Σ₁.
    /// </summary>
    /// <remarks>
    /// Those eigenvalues are the eigenvalues of Σ₁Σ₂ and of every congruent symmetric form, so when one covariance
    /// factors as Σ = L Lᵀ (Cholesky: positive definite), the fast route takes the eigenvalues of Lᵀ Σ' L — one
    /// Cholesky, two triangular products and one eigenvalue-only solve. When neither covariance is positive definite
    /// (N ≤ d), it builds √Σ₁ from Σ₁ = V Λ Vᵀ with negative eigenvalues clipped and takes the eigenvalues of
    /// Λ₊^½ Vᵀ Σ₂ V Λ₊^½ (the nonzero part of √Σ₁ Σ₂ √Σ₁ in the eigenbasis). A failure (non-finite input to the
    /// eigen-solver) is retried once with ε added to both diagonals, as pytorch-fid does.
    /// </remarks>
    private static RootTrace SymmetricTraceSqrt(double[] sigma1, double[] sigma2, int d)
    {
        try
        {
            return SymmetricTraceSqrtOnce(sigma1, sigma2, d, 0);
        }
        catch (ArithmeticException)
        {
            return SymmetricTraceSqrtOnce(sigma1, sigma2, d, Epsilon);
        }
    }

    private static RootTrace SymmetricTraceSqrtOnce(double[] sigma1, double[] sigma2, int d, double epsilon)
    {
        double[] first = WithDiagonalOffset(sigma1, d, epsilon);
        double[] second = WithDiagonalOffset(sigma2, d, epsilon);
        var factor = (double[])second.Clone();
        if (Cholesky.TryFactor(factor, d))
        {
            return Summarise(CongruenceEigenvalues(first, factor, d), 0, epsilon);
        }

        factor = (double[])first.Clone();
        if (Cholesky.TryFactor(factor, d))
        {
            return Summarise(CongruenceEigenvalues(second, factor, d), 0, epsilon);
        }

        return ViaSquareRoot(first, second, d, epsilon);
    }

    /// <summary>Eigenvalues of Lᵀ S L for lower-triangular L (zeros above the diagonal).</summary>
    private static double[] CongruenceEigenvalues(double[] s, double[] lower, int d)
    {
        var product = new double[(long)d * d];
        Dgemm.Multiply(false, false, d, d, d, s, d, lower, d, product, d, accumulate: false, GemmStructure.BLowerTriangular);
        var congruent = new double[(long)d * d];
        Dgemm.Multiply(
            true, false, d, d, d, lower, d, product, d, congruent, d, accumulate: false,
            GemmStructure.AUpperTriangular | GemmStructure.UpperOutput);
        return SymmetricEigen.Eigenvalues(congruent, d);
    }

    private static RootTrace ViaSquareRoot(double[] first, double[] second, int d, double epsilon)
    {
        double[] values = SymmetricEigen.Decompose((double[])first.Clone(), d, out double[] vectorRows);
        double clipped = 0;
        var kept = new List<int>();
        for (int i = 0; i < d; i++)
        {
            if (values[i] > 0)
            {
                kept.Add(i);
            }
            else
            {
                clipped -= values[i];
            }
        }

        // G = Λ₊^½ Vᵀ [r, d]; the eigenvalues of G Σ₂ Gᵀ are those of √Σ₁ Σ₂ √Σ₁ without its zero block.
        int r = kept.Count;
        var g = new double[(long)r * d];
        for (int k = 0; k < r; k++)
        {
            double scale = Math.Sqrt(values[kept[k]]);
            var source = vectorRows.AsSpan(kept[k] * d, d);
            var target = g.AsSpan(k * d, d);
            for (int j = 0; j < d; j++)
            {
                target[j] = scale * source[j];
            }
        }

        var product = new double[(long)r * d];
        Dgemm.Multiply(false, false, r, d, d, g, d, second, d, product, d, accumulate: false);
        var congruent = new double[(long)r * r];
        Dgemm.Multiply(false, true, r, r, d, product, d, g, d, congruent, r, accumulate: false, GemmStructure.UpperOutput);
        return Summarise(SymmetricEigen.Eigenvalues(congruent, r), clipped, epsilon);
    }

    private static RootTrace Summarise(double[] eigenvalues, double clippedBefore, double epsilon)
    {
        double trace = 0, negative = clippedBefore;
        foreach (double lambda in eigenvalues)
        {
            if (lambda > 0)
            {
                trace += Math.Sqrt(lambda);
            }
            else
            {
                negative -= lambda;
            }
        }

        if (!double.IsFinite(trace))
        {
            throw new ArithmeticException("The square-root trace is not finite.");
        }

        return new RootTrace(trace, epsilon, 0, negative);
    }

    /// <summary>The matrix plus ε·I: a copy, or the matrix itself when ε is 0 (callers never write to it).</summary>
    private static double[] WithDiagonalOffset(double[] matrix, int d, double epsilon)
    {
        if (epsilon == 0)
        {
            return matrix;
        }

        var copy = (double[])matrix.Clone();
        for (int i = 0; i < d; i++)
        {
            copy[((long)i * d) + i] += epsilon;
        }

        return copy;
    }
}
