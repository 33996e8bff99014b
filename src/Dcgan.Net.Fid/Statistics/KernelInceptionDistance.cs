namespace Dcgan.Net.Fid;

/// <summary>
/// Kernel Inception Distance (Bińkowski et al. 2018) as torch-fidelity computes it: over random subsets of m samples
/// from each set, the unbiased MMD² with the polynomial kernel <c>k(x, y) = (γ·x·y + c)^degree</c>
/// (default <c>(x·y/d + 1)³</c>),
/// <c>MMD² = (Σ_{i≠j} k(xᵢ,xⱼ) + Σ_{i≠j} k(yᵢ,yⱼ)) / (m(m−1)) − 2·Σ_{i,j} k(xᵢ,yⱼ) / m²</c>;
/// the result is the mean and standard deviation over subsets. Computed in float64 (torch-fidelity uses the features'
/// float32); the Gram matrices are <see cref="Dgemm"/> products, the symmetric ones on their upper triangle only.
/// </summary>
public static class KernelInceptionDistance
{
    /// <summary>Computes the KID between two feature sets.</summary>
    /// <param name="first">Row-major [n₁, d] features (e.g. of real images).</param>
    /// <param name="second">Row-major [n₂, d] features (e.g. of generated images).</param>
    /// <param name="dimensions">Feature length d.</param>
    /// <param name="options">Subsets and kernel; null for the defaults (100 subsets of 1000, cubic kernel).</param>
    /// <exception cref="ArgumentException">A length is not a multiple of d, a set has fewer rows than the subset size,
    /// a value is not finite, or an option is out of range.</exception>
    public static KidResult Compute(ReadOnlySpan<float> first, ReadOnlySpan<float> second, int dimensions, KidOptions? options = null)
    {
        options ??= new KidOptions();
        int n1 = Rows(first, dimensions, nameof(first));
        int n2 = Rows(second, dimensions, nameof(second));
        CheckOptions(options);
        if (n1 < options.SubsetSize || n2 < options.SubsetSize)
        {
            throw new ArgumentException(
                $"KID subsets of {options.SubsetSize} need at least that many samples per set; got {n1} and {n2}. Lower KidOptions.SubsetSize.",
                nameof(options));
        }

        var sampler = new SubsetSampler(options.Seed);
        var subsets = new List<(int[] First, int[] Second)>(options.SubsetCount);
        for (int s = 0; s < options.SubsetCount; s++)
        {
            subsets.Add((sampler.Subset(n1, options.SubsetSize), sampler.Subset(n2, options.SubsetSize)));
        }

        return ComputeOnSubsets(first, second, dimensions, subsets, options);
    }

    /// <summary>The KID on given subsets (row indices into each set), e.g. ones drawn by another implementation.</summary>
    internal static KidResult ComputeOnSubsets(
        ReadOnlySpan<float> first, ReadOnlySpan<float> second, int d, IReadOnlyList<(int[] First, int[] Second)> subsets, KidOptions options)
    {
        double gamma = options.Gamma ?? 1.0 / d;
        var values = new double[subsets.Count];
        for (int s = 0; s < subsets.Count; s++)
        {
            var (ix, iy) = subsets[s];
            int m = ix.Length;
            double[] x = Gather(first, d, ix);
            double[] y = Gather(second, d, iy);
            var gram = new double[(long)m * m];

            Dgemm.Multiply(false, true, m, m, d, x, d, x, d, gram, m, accumulate: false, GemmStructure.UpperOutput);
            double xx = 2 * SumKernel(gram, m, gamma, options, strictUpper: true);
            Dgemm.Multiply(false, true, m, m, d, y, d, y, d, gram, m, accumulate: false, GemmStructure.UpperOutput);
            double yy = 2 * SumKernel(gram, m, gamma, options, strictUpper: true);
            Dgemm.Multiply(false, true, m, m, d, x, d, y, d, gram, m, accumulate: false);
            double xy = SumKernel(gram, m, gamma, options, strictUpper: false);

            values[s] = ((xx + yy) / ((double)m * (m - 1))) - (2 * xy / ((double)m * m));
        }

        return new KidResult(values, subsets.Count == 0 ? 0 : subsets[0].First.Length);
    }

    private static double SumKernel(double[] gram, int m, double gamma, KidOptions options, bool strictUpper)
    {
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            var row = gram.AsSpan(i * m, m);
            double rowSum = 0;
            for (int j = strictUpper ? i + 1 : 0; j < m; j++)
            {
                double basis = (gamma * row[j]) + options.Coef0;
                double value = basis;
                for (int p = 1; p < options.Degree; p++)
                {
                    value *= basis;
                }

                rowSum += value;
            }

            total += rowSum;
        }

        return total;
    }

    private static double[] Gather(ReadOnlySpan<float> features, int d, int[] rows)
    {
        var result = new double[(long)rows.Length * d];
        for (int r = 0; r < rows.Length; r++)
        {
            var source = features.Slice(rows[r] * d, d);
            var target = result.AsSpan(r * d, d);
            for (int j = 0; j < d; j++)
            {
                target[j] = source[j];
            }
        }

        return result;
    }

    private static int Rows(ReadOnlySpan<float> features, int d, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1, nameof(d));
        if (features.Length % d != 0)
        {
            throw new ArgumentException($"{name} holds {features.Length} values, not a whole number of {d}-dimensional rows.", name);
        }

        for (int i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
            {
                throw new ArgumentException($"{name} row {i / d}, column {i % d} is {features[i]}; features must be finite.", name);
            }
        }

        return features.Length / d;
    }

    private static void CheckOptions(KidOptions options)
    {
        if (options.SubsetCount < 1 || options.SubsetSize < 2 || options.Degree < 1 || options.Gamma is <= 0 or double.NaN or double.PositiveInfinity || !double.IsFinite(options.Coef0))
        {
            throw new ArgumentException(
                $"KID options out of range: SubsetCount {options.SubsetCount} (≥ 1), SubsetSize {options.SubsetSize} (≥ 2), " +
                $"Degree {options.Degree} (≥ 1), Gamma {options.Gamma} (> 0 or null), Coef0 {options.Coef0} (finite).",
                nameof(options));
        }
    }
}
