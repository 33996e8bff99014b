namespace Dcgan.Net.Fid;

/// <summary>A FID with the Fréchet diagnostics, what each side was computed from, and the KID when it was asked for.</summary>
public sealed class FidResult
{
    internal FidResult(FrechetResult frechet, FeatureSetReport first, FeatureSetReport second, KidResult? kid, TimeSpan distanceTime, IReadOnlyList<string> warnings)
    {
        Frechet = frechet;
        First = first;
        Second = second;
        Kid = kid;
        DistanceTime = distanceTime;
        Warnings = [.. frechet.Warnings, .. warnings];
    }

    /// <summary>The Fréchet distance: the FID when the features are pytorch-fid's Inception pool features.</summary>
    public double Distance => Frechet.Distance;

    /// <summary>The distance's pieces and diagnostics: sample counts, ε used, imaginary part or negative eigenvalue mass.</summary>
    public FrechetResult Frechet { get; }

    /// <summary>The first set's statistics and feature pass.</summary>
    public FeatureSetReport First { get; }

    /// <summary>The second set's statistics and feature pass.</summary>
    public FeatureSetReport Second { get; }

    /// <summary>The KID on the same features when <see cref="FidCalculatorOptions.Kid"/> is set and both sides are images; else null.</summary>
    public KidResult? Kid { get; }

    /// <summary>Time spent on the Fréchet distance (after the features).</summary>
    public TimeSpan DistanceTime { get; }

    /// <summary>Everything worth a look: the Fréchet warnings (N ≤ d, the ε retry) and why a requested KID is missing.</summary>
    public IReadOnlyList<string> Warnings { get; }
}
