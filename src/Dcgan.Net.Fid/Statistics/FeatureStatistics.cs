namespace Dcgan.Net.Fid;

/// <summary>
/// Sample count, mean and covariance of feature vectors, accumulated batch by batch in float64: what pytorch-fid
/// computes with <c>numpy.mean(act, axis=0)</c> and <c>numpy.cov(act, rowvar=False)</c>, without keeping the activations.
/// </summary>
/// <remarks>
/// <para>Rows are buffered into blocks; each block is centred on its own mean, its co-moment matrix
/// <c>Σ (x − m)(x − m)ᵀ</c> is added with a blocked SIMD rank-k update, and blocks (and whole statistics, see
/// <see cref="Merge"/>) are combined with the pairwise update of Chan, Golub and LeVeque, so the result does not lose
/// precision to large means and two partial statistics merge into what one pass would give (up to rounding).
/// Every product and sum is float64 (float32 input is widened exactly), so the only errors are float64 roundings:
/// the tests see numpy's <c>np.cov</c> reproduced to about 1e-13 relative. Blocks are cut by row count only, so the
/// result does not depend on how rows are batched, nor on the thread count.</para>
/// <para>Statistics loaded from a pytorch-fid file have mean and covariance but may lack the sample count; such
/// statistics serve for distances but cannot take more rows or merge. Instances are not thread-safe.</para>
/// </remarks>
public sealed partial class FeatureStatistics
{
    /// <summary>The largest dimension whose covariance matrix fits in one .NET array.</summary>
    public const int MaxDimensions = 46_340;

    private readonly double[] _mean;

    // Upper triangle (j >= i) of the co-moment matrix while the count is known, the full covariance otherwise.
    private readonly double[] _matrix;
    private long? _count;

    /// <summary>Creates empty statistics for <paramref name="dimensions"/>-dimensional features.</summary>
    /// <param name="dimensions">Feature length d (2048 for pytorch-fid's default Inception pool features).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is below 1 or above <see cref="MaxDimensions"/>.</exception>
    public FeatureStatistics(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        Dimensions = dimensions;
        _mean = new double[dimensions];
        _matrix = new double[(long)dimensions * dimensions];
        _count = 0;
    }

    private FeatureStatistics(double[] mean, double[] covariance, long? count)
    {
        Dimensions = mean.Length;
        _mean = mean;
        _matrix = covariance;
        _count = count;
        if (count is long n)
        {
            // Back to the co-moment representation so that more rows or other statistics can be merged in.
            for (int i = 0; i < _matrix.Length; i++)
            {
                _matrix[i] *= n - 1;
            }
        }
    }

    /// <summary>Feature length d.</summary>
    public int Dimensions { get; }

    /// <summary>Number of feature vectors seen, or null when unknown (statistics loaded from a file without it).</summary>
    public long? Count => _count is null ? null : _count + _pendingRows;

    /// <summary>
    /// Wraps a known mean and covariance, e.g. from another tool.
    /// </summary>
    /// <param name="mean">Mean vector, shape [d].</param>
    /// <param name="covariance">Covariance, shape [d, d] row-major, with the N − 1 normalisation of <c>numpy.cov</c>.</param>
    /// <param name="count">Number of samples behind the statistics, or null when unknown (then no merging).</param>
    /// <exception cref="ArgumentException">Shapes disagree, a value is not finite, the covariance is not symmetric,
    /// or <paramref name="count"/> is below 2.</exception>
    public static FeatureStatistics FromMoments(ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance, long? count = null)
    {
        int d = mean.Length;
        if (d < 1 || d > MaxDimensions)
        {
            throw new ArgumentException($"The mean has {d} values; expected 1 to {MaxDimensions}.", nameof(mean));
        }

        if (covariance.Length != (long)d * d)
        {
            throw new ArgumentException(
                $"The covariance has {covariance.Length} values; a {d}-dimensional mean needs a [{d}, {d}] matrix ({(long)d * d} values).",
                nameof(covariance));
        }

        if (count is < 2)
        {
            throw new ArgumentException($"A covariance needs at least 2 samples; count is {count}.", nameof(count));
        }

        RequireFinite(mean, d, nameof(mean));
        RequireFinite(covariance, d, nameof(covariance));
        RequireSymmetric(covariance, d, nameof(covariance));
        return new FeatureStatistics(mean.ToArray(), covariance.ToArray(), count);
    }

    /// <summary>The mean feature vector, shape [d] (a copy).</summary>
    /// <exception cref="InvalidOperationException">No feature vectors were added.</exception>
    public double[] GetMean()
    {
        Flush();
        if (_count == 0)
        {
            throw new InvalidOperationException("The statistics are empty: add feature vectors first.");
        }

        return (double[])_mean.Clone();
    }

    /// <summary>
    /// The covariance matrix, shape [d, d] row-major (a copy), normalised by N − 1 like <c>numpy.cov(rowvar=False)</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Fewer than 2 feature vectors were added.</exception>
    public double[] GetCovariance()
    {
        Flush();
        if (_count is null)
        {
            return (double[])_matrix.Clone();
        }

        if (_count < 2)
        {
            throw new InvalidOperationException($"A covariance needs at least 2 feature vectors; {_count} were added.");
        }

        int d = Dimensions;
        double scale = 1.0 / (_count.Value - 1);
        var result = new double[_matrix.Length];

        // Mirror the upper triangle in 64×64 tiles so the transposed writes stay within a few cache lines per row.
        const int tile = 64;
        for (int i0 = 0; i0 < d; i0 += tile)
        {
            for (int j0 = i0; j0 < d; j0 += tile)
            {
                for (int i = i0; i < Math.Min(d, i0 + tile); i++)
                {
                    for (int j = Math.Max(i, j0); j < Math.Min(d, j0 + tile); j++)
                    {
                        double value = _matrix[(i * d) + j] * scale;
                        result[(i * d) + j] = value;
                        result[(j * d) + i] = value;
                    }
                }
            }
        }

        return result;
    }

    private static void RequireFinite(ReadOnlySpan<double> values, int d, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                string where = values.Length == d ? $"index {i}" : $"({i / d}, {i % d})";
                throw new ArgumentException($"{name} holds {values[i]} at {where}; all values must be finite.", name);
            }
        }
    }

    /// <summary>Throws unless |A[i,j] − A[j,i]| ≤ 1e-9·(|A[i,i]| + |A[j,j]|) everywhere (rounding-level asymmetry passes).</summary>
    internal static void RequireSymmetric(ReadOnlySpan<double> covariance, int d, string name)
    {
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                double a = covariance[(i * d) + j], b = covariance[(j * d) + i];
                double scale = Math.Abs(covariance[(i * d) + i]) + Math.Abs(covariance[(j * d) + j]) + double.Epsilon;
                if (Math.Abs(a - b) > 1e-9 * scale)
                {
                    throw new ArgumentException(
                        $"{name} is not symmetric: [{i}, {j}] = {a} but [{j}, {i}] = {b}.", name);
                }
            }
        }
    }
}
