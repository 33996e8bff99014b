namespace Dcgan.Net.Fid.Domain;

/// <summary>Settings of <see cref="DomainFidEvaluator"/>; every default is stated.</summary>
public sealed record DomainFidOptions
{
    /// <summary>
    /// Images generated per evaluation (at least 2). Default 2000. FID is biased upwards for small samples, so compare
    /// only scores computed with the same count.
    /// </summary>
    public int SampleCount { get; init; } = 2000;

    /// <summary>Real images used for the reference statistics when built from a data set (a seeded random subset when
    /// the data set is larger; at least 2). Default 10,000.</summary>
    public int ReferenceCount { get; init; } = 10_000;

    /// <summary>
    /// Seed of the generator noise and of the reference subset. The same noise is used at every evaluation, so the
    /// curve over training steps is not blurred by resampling. Default 0.
    /// </summary>
    public ulong Seed { get; init; }

    /// <summary>Images per generator and feature batch. Default 250.</summary>
    public int BatchSize { get; init; } = 250;

    /// <summary>How the matrix square root is taken; default <see cref="FrechetMethod.Symmetric"/>.</summary>
    public FrechetMethod Method { get; init; } = FrechetMethod.Symmetric;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it).</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleCount, 2, nameof(SampleCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReferenceCount, 2, nameof(ReferenceCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown Fréchet method.");
        }
    }
}

/// <summary>One domain-FID evaluation during training.</summary>
/// <param name="Step">The trainer's step count when it was taken.</param>
/// <param name="Result">The distance with its diagnostics.</param>
public readonly record struct DomainFidPoint(long Step, FrechetResult Result);
