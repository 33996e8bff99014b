namespace Dcgan.Net.Fid.Domain;

/// <summary>Settings of <see cref="ModeCollapse"/>; every default is stated.</summary>
public sealed record ModeCollapseOptions
{
    /// <summary>The fewest samples accepted: 50, the homework's minimum (5 expected per class for 10 classes, the
    /// usual lower limit of the chi-square approximation).</summary>
    public const int MinimumSamples = 50;

    /// <summary>Images drawn from a generator (at least <see cref="MinimumSamples"/>). Default 1000.</summary>
    public int SampleCount { get; init; } = 1000;

    /// <summary>Seed of the generator noise (the analysis never touches a trainer's random state). Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Images per generator batch. Default 250.</summary>
    public int BatchSize { get; init; } = 250;

    /// <summary>
    /// The class distribution a healthy generator should match, one non-negative weight per class (normalised to
    /// shares); default null, meaning uniform. <see cref="ModeCollapse.ClassShares"/> gives the classifier's predicted
    /// distribution on real images, which also cancels the classifier's own confusions.
    /// </summary>
    public IReadOnlyList<double>? ExpectedShares { get; init; }

    /// <summary>Chi-square p-values below this reject "the samples follow the expected distribution". Default 0.01.</summary>
    public double Significance { get; init; } = 0.01;

    /// <summary>A class counts as missing when it gets fewer than this fraction of its expected count. Default 0.1.</summary>
    public double MissingFraction { get; init; } = 0.1;

    /// <summary>A class holding at least this share of all samples means collapse, unless it is expected to hold at
    /// least half of that itself. Default 0.5.</summary>
    public double DominantShare { get; init; } = 0.5;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it).</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleCount, MinimumSamples, nameof(SampleCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        CheckFraction(Significance, nameof(Significance));
        CheckFraction(MissingFraction, nameof(MissingFraction));
        CheckFraction(DominantShare, nameof(DominantShare));
    }

    private static void CheckFraction(double value, string name)
    {
        if (!(value is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1 (exclusive).");
        }
    }
}

/// <summary>What <see cref="ModeCollapse"/> concludes, from healthy to collapsed.</summary>
public enum ModeCollapseVerdict
{
    /// <summary>Every class is present and the counts are consistent with the expected distribution (p ≥ significance).</summary>
    NoCollapse,

    /// <summary>Every class is present, but the counts differ from the expected distribution (p &lt; significance).</summary>
    Imbalanced,

    /// <summary>At least one class is missing (fewer than <see cref="ModeCollapseOptions.MissingFraction"/> of its
    /// expected count), but no class dominates.</summary>
    PartialCollapse,

    /// <summary>One class holds at least <see cref="ModeCollapseOptions.DominantShare"/> of the samples while it is
    /// expected to hold less than half of that, or the missing classes carry more than half of the expected
    /// distribution (6 or more of 10 equally likely classes).</summary>
    Collapse,
}
