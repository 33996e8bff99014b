namespace Dcgan.Net.Fid;

/// <summary>Settings of <see cref="FidCalculator"/>; each property documents its default.</summary>
public sealed class FidCalculatorOptions
{
    /// <summary>
    /// Images per call of the feature extractor (pytorch-fid's <c>--batch-size</c>). It changes speed and memory (one
    /// batch of decoded images and their features), never the result. Default 50.
    /// </summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>How the Fréchet distance takes its matrix square root. Default <see cref="FrechetMethod.Symmetric"/>;
    /// <see cref="FrechetMethod.PytorchFid"/> reproduces pytorch-fid's safeguards (ε retry, imaginary-part error).</summary>
    public FrechetMethod Method { get; init; } = FrechetMethod.Symmetric;

    /// <summary>
    /// When set, <see cref="FidCalculator.Compute(ImageSet, ImageSet, CancellationToken)"/> also computes the KID on the
    /// same features (<see cref="FidResult.Kid"/>), which keeps every feature vector of both sets in memory (N · d floats
    /// each). Default null: FID only, features folded into the statistics batch by batch.
    /// </summary>
    public KidOptions? Kid { get; init; }

    /// <summary>Receives progress after every batch of images. Default null.</summary>
    public IProgress<FidProgress>? Progress { get; init; }
}

/// <summary>Progress of a feature pass over one image set, reported after each batch.</summary>
/// <param name="Source">The set being processed (<see cref="ImageSet.Description"/>).</param>
/// <param name="ImagesDone">Images whose features are computed.</param>
/// <param name="ImageCount">Images in the set.</param>
/// <param name="Elapsed">Time spent on this set so far.</param>
public readonly record struct FidProgress(string Source, int ImagesDone, int ImageCount, TimeSpan Elapsed);
