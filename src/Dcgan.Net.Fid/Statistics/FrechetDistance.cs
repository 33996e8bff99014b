namespace Dcgan.Net.Fid;

/// <summary>
/// The Fréchet distance between two Gaussians fitted to feature sets,
/// <c>‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2·tr √(Σ₁Σ₂)</c>: the FID of pytorch-fid when the features are its Inception
/// activations. Works on any statistics, e.g. from <see cref="FeatureStatistics"/> or a pytorch-fid <c>.npz</c>.
/// </summary>
public static partial class FrechetDistance
{
    /// <summary>The ε pytorch-fid adds to both covariance diagonals when the first square root is not finite.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>pytorch-fid's limit on the imaginary part of the square root's diagonal.</summary>
    public const double ImaginaryTolerance = 1e-3;

    /// <summary>Computes the distance between two feature statistics.</summary>
    /// <param name="first">Statistics of the first set (e.g. real images).</param>
    /// <param name="second">Statistics of the second set (e.g. generated images).</param>
    /// <param name="method">How to take the matrix square root; default <see cref="FrechetMethod.Symmetric"/>.</param>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    /// <exception cref="InvalidOperationException">A statistics object has fewer than 2 samples.</exception>
    /// <exception cref="ArithmeticException">pytorch-fid method: the square root has an imaginary component above
    /// 1e-3, or stays non-finite after the ε retry.</exception>
    public static FrechetResult Compute(FeatureStatistics first, FeatureStatistics second, FrechetMethod method = FrechetMethod.Symmetric)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Dimensions != second.Dimensions)
        {
            throw new ArgumentException(
                $"The statistics have different dimensions: {first.Dimensions} and {second.Dimensions}.", nameof(second));
        }

        return Run(first.GetMean(), first.GetCovariance(), second.GetMean(), second.GetCovariance(), first.Count, second.Count, method);
    }

    /// <summary>Computes the distance from means and covariances.</summary>
    /// <param name="mean1">μ₁, shape [d].</param>
    /// <param name="covariance1">Σ₁, shape [d, d] row-major, symmetric (to rounding) positive semi-definite.</param>
    /// <param name="mean2">μ₂, shape [d].</param>
    /// <param name="covariance2">Σ₂, shape [d, d] row-major, symmetric (to rounding) positive semi-definite.</param>
    /// <param name="method">How to take the matrix square root; default <see cref="FrechetMethod.Symmetric"/>.</param>
    /// <exception cref="ArgumentException">Shapes disagree, a value is NaN or infinite, or a covariance is not symmetric.</exception>
    /// <exception cref="ArithmeticException">pytorch-fid method: the square root has an imaginary component above
    /// 1e-3, or stays non-finite after the ε retry.</exception>
    public static FrechetResult Compute(
        ReadOnlySpan<double> mean1, ReadOnlySpan<double> covariance1, ReadOnlySpan<double> mean2, ReadOnlySpan<double> covariance2,
        FrechetMethod method = FrechetMethod.Symmetric)
    {
        int d = mean1.Length;
        if (d == 0)
        {
            throw new ArgumentException("mean1 is empty.", nameof(mean1));
        }

        if (mean2.Length != d)
        {
            throw new ArgumentException($"mean1 has {d} values but mean2 has {mean2.Length}.", nameof(mean2));
        }

        CheckMatrix(covariance1, d, nameof(covariance1));
        CheckMatrix(covariance2, d, nameof(covariance2));
        CheckFinite(mean1, nameof(mean1), d);
        CheckFinite(mean2, nameof(mean2), d);
        CheckFinite(covariance1, nameof(covariance1), d);
        CheckFinite(covariance2, nameof(covariance2), d);
        FeatureStatistics.RequireSymmetric(covariance1, d, nameof(covariance1));
        FeatureStatistics.RequireSymmetric(covariance2, d, nameof(covariance2));
        return Run(mean1.ToArray(), covariance1.ToArray(), mean2.ToArray(), covariance2.ToArray(), null, null, method);
    }

    private static FrechetResult Run(
        double[] mu1, double[] sigma1, double[] mu2, double[] sigma2, long? count1, long? count2, FrechetMethod method)
    {
        int d = mu1.Length;
        double meanTerm = 0, trace1 = 0, trace2 = 0;
        for (int i = 0; i < d; i++)
        {
            double diff = mu1[i] - mu2[i];
            meanTerm += diff * diff;
            trace1 += sigma1[((long)i * d) + i];
            trace2 += sigma2[((long)i * d) + i];
        }

        var warnings = new List<string>();
        foreach (var (name, count) in new[] { ("first", count1), ("second", count2) })
        {
            if (count <= d)
            {
                warnings.Add(
                    $"The {name} statistics come from {count} samples, not more than the {d} feature dimensions: its covariance " +
                    "is singular, the square root is ill-conditioned and the distance is strongly biased; use more samples.");
            }
        }

        var root = method switch
        {
            FrechetMethod.Symmetric => SymmetricTraceSqrt(sigma1, sigma2, d),
            FrechetMethod.PytorchFid => PytorchTraceSqrt(sigma1, sigma2, d),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown Fréchet method."),
        };
        if (root.Epsilon > 0)
        {
            warnings.Add(
                $"The product of the covariances is singular: added {root.Epsilon:G} to both diagonals and retried, as pytorch-fid does.");
        }

        return new FrechetResult(
            method, d, count1, count2, meanTerm, trace1, trace2, root.Trace, root.Epsilon, root.MaxImaginary, root.NegativeMass, warnings);
    }

    private static void CheckMatrix(ReadOnlySpan<double> matrix, int d, string name)
    {
        if (matrix.Length != (long)d * d)
        {
            throw new ArgumentException(
                $"{name} has {matrix.Length} values; {d}-dimensional means need a [{d}, {d}] matrix ({(long)d * d} values).", name);
        }
    }

    private static void CheckFinite(ReadOnlySpan<double> values, string name, int d)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                string where = values.Length == d ? $"index {i}" : $"[{i / d}, {i % d}]";
                throw new ArgumentException($"{name} holds {values[i]} at {where}; statistics must be finite.", name);
            }
        }
    }

    /// <summary>tr √(Σ₁Σ₂) and its diagnostics.</summary>
    internal readonly record struct RootTrace(double Trace, double Epsilon, double MaxImaginary, double NegativeMass);
}
