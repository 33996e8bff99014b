using System.Numerics;

namespace Dcgan.Net.Fid;

public static partial class FrechetDistance
{
    /// <summary>
    /// pytorch-fid: tr sqrtm(Σ₁Σ₂) = Σ Re √λᵢ over the eigenvalues of the non-symmetric product (the diagonal of the
    /// triangular root that scipy's sqrtm builds on the Schur form).
    /// </summary>
    /// <remarks>
    /// <para>The eigenvalues of Σ₁Σ₂: when Σ₂ = L Lᵀ is positive definite, Σ₁Σ₂ = L⁻ᵀ (Lᵀ Σ₁ L) Lᵀ is similar to a
    /// symmetric matrix, whose eigenvalues come faster and more accurately from the symmetric solver (likewise with Σ₁
    /// and Σ₂Σ₁, which has the same eigenvalues). When neither is positive definite (N ≤ d) the product is taken as a
    /// general matrix (Hessenberg QR, <see cref="GeneralEigen"/>), so near-zero eigenvalues come out as the complex noise
    /// pairs scipy's Schur form shows too.</para>
    /// <para>pytorch-fid retries with ε·I added to both covariances when sqrtm's result is not finite; here that is when
    /// the QR iteration fails or an eigenvalue is not finite. (scipy's triangular recursion can also fail on a defective
    /// zero eigenvalue, T_ij ≠ 0 over √0 + √0; no eigenvalue-only route can see that, so it is not emulated.)
    /// The imaginary-part check uses the quantity pytorch-fid checks: the diagonal of the root, √λᵢ.</para>
    /// </remarks>
    /// <param name="sigma1">Σ₁ [d, d].</param>
    /// <param name="sigma2">Σ₂ [d, d].</param>
    /// <param name="d">Dimension.</param>
    /// <param name="eigenvalues">The general eigenvalue solver; tests substitute a failing one to reach the retry.</param>
    internal static RootTrace PytorchTraceSqrt(double[] sigma1, double[] sigma2, int d, Func<double[], int, Complex[]>? eigenvalues = null)
    {
        eigenvalues ??= GeneralEigen.Eigenvalues;
        var values = ProductEigenvalues(sigma1, sigma2, d, eigenvalues);
        double epsilon = 0;
        if (!IsRootFinite(values))
        {
            epsilon = Epsilon;
            values = ProductEigenvalues(WithDiagonalOffset(sigma1, d, epsilon), WithDiagonalOffset(sigma2, d, epsilon), d, eigenvalues);
            if (!IsRootFinite(values))
            {
                throw new ArithmeticException(
                    "The matrix square root of the covariance product is not finite, even with 1e-6 added to both diagonals.");
            }
        }

        double trace = 0, maxImaginary = 0;
        foreach (var lambda in values!)
        {
            var root = Complex.Sqrt(lambda);
            trace += root.Real;
            maxImaginary = Math.Max(maxImaginary, Math.Abs(root.Imaginary));
        }

        if (maxImaginary > ImaginaryTolerance)
        {
            throw new ArithmeticException(
                $"Imaginary component {maxImaginary:G}: the square root of the covariance product has an eigenvalue with " +
                $"|Im √λ| above {ImaginaryTolerance:G} (pytorch-fid raises the same error).");
        }

        return new RootTrace(trace, epsilon, maxImaginary, 0);
    }

    private static Complex[]? ProductEigenvalues(double[] sigma1, double[] sigma2, int d, Func<double[], int, Complex[]> eigenvalues)
    {
        try
        {
            foreach (var (factor, other) in new[] { (sigma2, sigma1), (sigma1, sigma2) })
            {
                var lower = (double[])factor.Clone();
                if (Cholesky.TryFactor(lower, d))
                {
                    return Array.ConvertAll(CongruenceEigenvalues(other, lower, d), v => new Complex(v, 0));
                }
            }

            var product = new double[(long)d * d];
            Dgemm.Multiply(false, false, d, d, d, sigma1, d, sigma2, d, product, d, accumulate: false);
            return eigenvalues(product, d);
        }
        catch (ArithmeticException)
        {
            return null;
        }
    }

    private static bool IsRootFinite(Complex[]? values)
    {
        if (values is null)
        {
            return false;
        }

        foreach (var lambda in values)
        {
            if (!double.IsFinite(lambda.Real) || !double.IsFinite(lambda.Imaginary))
            {
                return false;
            }
        }

        return true;
    }
}
