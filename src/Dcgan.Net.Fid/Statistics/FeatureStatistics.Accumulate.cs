namespace Dcgan.Net.Fid;

public sealed partial class FeatureStatistics
{
    // Rows per block: large enough for the rank-k update to run near the kernel's peak, small enough that the
    // float64 block stays around 16 MB at d = 2048.
    private const int MaxBlockBytes = 1 << 24;

    private double[]? _block;
    private int _pendingRows;

    private int BlockRows => (int)Math.Clamp(MaxBlockBytes / sizeof(double) / Dimensions, 64, 1024);

    /// <summary>Adds a batch of feature vectors.</summary>
    /// <param name="batch">Row-major [rows, d] float32 features, e.g. one batch of Inception activations.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of d, or a value is NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">The sample count is unknown (statistics loaded without it).</exception>
    public void Add(ReadOnlySpan<float> batch)
    {
        int rows = CheckBatch(batch.Length, VectorOps.FirstNonFinite(batch), nameof(batch));
        int d = Dimensions;
        for (int r = 0; r < rows; r++)
        {
            VectorOps.Widen(batch.Slice(r * d, d), NextRow());
        }
    }

    /// <summary>Adds a batch of feature vectors.</summary>
    /// <param name="batch">Row-major [rows, d] float64 features.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of d, or a value is NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">The sample count is unknown (statistics loaded without it).</exception>
    public void Add(ReadOnlySpan<double> batch)
    {
        int rows = CheckBatch(batch.Length, VectorOps.FirstNonFinite(batch), nameof(batch));
        int d = Dimensions;
        for (int r = 0; r < rows; r++)
        {
            batch.Slice(r * d, d).CopyTo(NextRow());
        }
    }

    /// <summary>
    /// Adds <paramref name="other"/>'s samples to these statistics, as if its rows had been added here.
    /// </summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    /// <exception cref="InvalidOperationException">Either sample count is unknown.</exception>
    public void Merge(FeatureStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Dimensions != Dimensions)
        {
            throw new ArgumentException(
                $"Cannot merge {other.Dimensions}-dimensional statistics into {Dimensions}-dimensional ones.", nameof(other));
        }

        if (_count is null || other._count is null)
        {
            throw new InvalidOperationException("Statistics without a sample count (loaded from a file without 'n') cannot be merged.");
        }

        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("Cannot merge statistics into themselves.", nameof(other));
        }

        Flush();
        other.Flush();
        Combine(other._count.Value, other._mean, other._matrix);
    }

    /// <summary>Validates a whole batch before any row is taken, so a bad batch leaves the statistics unchanged.</summary>
    private int CheckBatch(int length, int firstNonFinite, string paramName)
    {
        if (_count is null)
        {
            throw new InvalidOperationException("These statistics were loaded without a sample count and cannot take more rows.");
        }

        if (length % Dimensions != 0)
        {
            throw new ArgumentException(
                $"A batch of {length} values is not a whole number of {Dimensions}-dimensional rows.", paramName);
        }

        if (firstNonFinite >= 0)
        {
            throw new ArgumentException(
                $"Batch row {firstNonFinite / Dimensions}, column {firstNonFinite % Dimensions} is not a finite number; features must be finite.",
                paramName);
        }

        return length / Dimensions;
    }

    /// <summary>The buffer row for the next sample; flushes a full block first.</summary>
    private Span<double> NextRow()
    {
        _block ??= new double[BlockRows * Dimensions];
        if (_pendingRows == BlockRows)
        {
            Flush();
        }

        return _block.AsSpan(_pendingRows++ * Dimensions, Dimensions);
    }

    /// <summary>Folds the buffered rows into the mean and co-moment.</summary>
    private void Flush()
    {
        int rows = _pendingRows;
        if (rows == 0 || _block is null)
        {
            return;
        }

        _pendingRows = 0;
        int d = Dimensions;
        var blockMean = new double[d];
        for (int r = 0; r < rows; r++)
        {
            VectorOps.Axpy(1, _block.AsSpan(r * d, d), blockMean);
        }

        for (int j = 0; j < d; j++)
        {
            blockMean[j] /= rows;
        }

        for (int r = 0; r < rows; r++)
        {
            VectorOps.Axpy(-1, blockMean, _block.AsSpan(r * d, d));
        }

        // The centred block's co-moment X^T X goes straight into ours (upper triangle only); Chan's update then
        // adds the between-means term.
        bool empty = _count == 0;
        Dgemm.Multiply(true, false, d, d, rows, _block, d, _block, d, _matrix, d, accumulate: !empty, GemmStructure.UpperOutput);
        if (empty)
        {
            blockMean.CopyTo(_mean, 0);
            _count = rows;
            return;
        }

        Combine(rows, blockMean, null);
    }

    /// <summary>
    /// Chan et al.'s pairwise update: with δ = m_b − m_a and n = n_a + n_b, the mean becomes m_a + δ·n_b/n and the
    /// co-moment M_a + M_b + δδᵀ·n_a·n_b/n. <paramref name="otherMatrix"/> is M_b's upper triangle, or null when M_b
    /// was already added.
    /// </summary>
    private void Combine(long otherCount, double[] otherMean, double[]? otherMatrix)
    {
        if (otherCount == 0)
        {
            return;
        }

        long na = _count!.Value;
        if (na == 0)
        {
            otherMean.CopyTo(_mean, 0);
            otherMatrix?.CopyTo(_matrix, 0);
            _count = otherCount;
            return;
        }

        int d = Dimensions;
        double n = na + otherCount;
        double factor = na * (otherCount / n);
        var delta = new double[d];
        for (int j = 0; j < d; j++)
        {
            delta[j] = otherMean[j] - _mean[j];
        }

        for (int i = 0; i < d; i++)
        {
            var row = _matrix.AsSpan((i * d) + i, d - i);
            if (otherMatrix is not null)
            {
                VectorOps.Axpy(1, otherMatrix.AsSpan((i * d) + i, d - i), row);
            }

            VectorOps.Axpy(factor * delta[i], delta.AsSpan(i), row);
        }

        for (int j = 0; j < d; j++)
        {
            _mean[j] += delta[j] * (otherCount / n);
        }

        _count = na + otherCount;
    }
}
