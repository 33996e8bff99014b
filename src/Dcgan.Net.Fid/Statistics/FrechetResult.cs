namespace Dcgan.Net.Fid;

/// <summary>A Fréchet distance with the pieces and diagnostics behind it.</summary>
/// <remarks>
/// <c>Distance = MeanDistanceSquared + TraceFirst + TraceSecond − 2·TraceSqrtProduct</c>, the formula of
/// pytorch-fid's <c>calculate_frechet_distance</c>.
/// </remarks>
public sealed class FrechetResult
{
    internal FrechetResult(
        FrechetMethod method, int dimensions, long? firstCount, long? secondCount,
        double meanDistanceSquared, double traceFirst, double traceSecond, double traceSqrtProduct,
        double epsilonUsed, double maxImaginaryPart, double negativeEigenvalueMass, IReadOnlyList<string> warnings)
    {
        Method = method;
        Dimensions = dimensions;
        FirstCount = firstCount;
        SecondCount = secondCount;
        MeanDistanceSquared = meanDistanceSquared;
        TraceFirst = traceFirst;
        TraceSecond = traceSecond;
        TraceSqrtProduct = traceSqrtProduct;
        EpsilonUsed = epsilonUsed;
        MaxImaginaryPart = maxImaginaryPart;
        NegativeEigenvalueMass = negativeEigenvalueMass;
        Warnings = warnings;
        Distance = meanDistanceSquared + traceFirst + traceSecond - (2 * traceSqrtProduct);
    }

    /// <summary>The Fréchet distance (FID when the features are Inception activations).</summary>
    public double Distance { get; }

    /// <summary>The method used.</summary>
    public FrechetMethod Method { get; }

    /// <summary>Feature length d.</summary>
    public int Dimensions { get; }

    /// <summary>Samples behind the first statistics, or null when unknown.</summary>
    public long? FirstCount { get; }

    /// <summary>Samples behind the second statistics, or null when unknown.</summary>
    public long? SecondCount { get; }

    /// <summary>‖μ₁ − μ₂‖².</summary>
    public double MeanDistanceSquared { get; }

    /// <summary>tr Σ₁.</summary>
    public double TraceFirst { get; }

    /// <summary>tr Σ₂.</summary>
    public double TraceSecond { get; }

    /// <summary>tr √(Σ₁Σ₂) (real part, for <see cref="FrechetMethod.PytorchFid"/>).</summary>
    public double TraceSqrtProduct { get; }

    /// <summary>0, or the 1e-6 added to both diagonals after the first attempt gave a non-finite root (pytorch-fid's retry).</summary>
    public double EpsilonUsed { get; }

    /// <summary>
    /// <see cref="FrechetMethod.PytorchFid"/>: the largest |Im √λᵢ| over the product's eigenvalues (the diagonal of
    /// sqrtm's triangular factor, which pytorch-fid checks against 1e-3); 0 for the symmetric method.
    /// </summary>
    public double MaxImaginaryPart { get; }

    /// <summary>
    /// <see cref="FrechetMethod.Symmetric"/>: Σ |λ| over the negative eigenvalues clipped to 0 (of √Σ₁Σ₂√Σ₁, and of Σ₁
    /// when its square root had to be formed); rounding noise unless a covariance is not positive semi-definite.
    /// 0 for the pytorch-fid method.
    /// </summary>
    public double NegativeEigenvalueMass { get; }

    /// <summary>Human-readable warnings: singular covariances (N ≤ d), the ε retry.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when a sample count is known and not above the dimension, so that covariance is singular.</summary>
    public bool HasSingularCovariance => FirstCount <= Dimensions || SecondCount <= Dimensions;
}
