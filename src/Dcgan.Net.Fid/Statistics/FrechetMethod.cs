namespace Dcgan.Net.Fid;

/// <summary>How <see cref="FrechetDistance"/> computes the trace of the matrix square root of Σ₁Σ₂.</summary>
public enum FrechetMethod
{
    /// <summary>
    /// Default. <c>tr √(√Σ₁ Σ₂ √Σ₁)</c> from symmetric eigenvalue problems, negative eigenvalues (rounding noise)
    /// clipped to 0: stable, fast, and equal to pytorch-fid's value up to rounding for full-rank covariances.
    /// </summary>
    Symmetric = 0,

    /// <summary>
    /// pytorch-fid's <c>calculate_frechet_distance</c>: the principal square root of the non-symmetric product Σ₁Σ₂
    /// (its trace is Σ Re √λᵢ over the product's eigenvalues, which is what <c>scipy.linalg.sqrtm</c>'s Schur form gives),
    /// retried with 1e-6 added to both diagonals when the root is not finite, and an error when an eigenvalue's root has
    /// an imaginary part above 1e-3. As fast as <see cref="Symmetric"/> when a covariance is positive definite; with two
    /// singular covariances (N ≤ d) it needs the general Hessenberg QR solver and is much slower.
    /// </summary>
    PytorchFid = 1,
}
