namespace Dcgan.Net.Fid;

/// <summary>Kernel Inception Distance over random subsets: the mean and spread of the per-subset unbiased MMD².</summary>
public sealed class KidResult
{
    internal KidResult(double[] subsetValues, int subsetSize)
    {
        SubsetValues = subsetValues;
        SubsetSize = subsetSize;
        Mean = subsetValues.Average();
        double variance = subsetValues.Sum(v => (v - Mean) * (v - Mean)) / subsetValues.Length;
        StandardDeviation = Math.Sqrt(variance);
    }

    /// <summary>Mean of the subset MMD² values: the KID.</summary>
    public double Mean { get; }

    /// <summary>Population standard deviation of the subset values (<c>numpy.std</c>, as torch-fidelity reports it).</summary>
    public double StandardDeviation { get; }

    /// <summary>The unbiased MMD² of each subset, in sampling order.</summary>
    public IReadOnlyList<double> SubsetValues { get; }

    /// <summary>Samples per subset and set.</summary>
    public int SubsetSize { get; }
}
