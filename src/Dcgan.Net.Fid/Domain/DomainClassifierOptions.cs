namespace Dcgan.Net.Fid.Domain;

/// <summary>
/// Architecture and training settings of <see cref="DomainClassifier.Train"/>. The defaults are those of the shipped
/// Fashion-MNIST weights: about 115,000 parameters (450 KB), 5 epochs of Adam with a cosine learning-rate decay.
/// </summary>
public sealed record DomainClassifierOptions
{
    /// <summary>Channels of the first convolution, w (then 2w, 4w, 8w). Default 16.</summary>
    public int Width { get; init; } = 16;

    /// <summary>Length of the feature (penultimate) layer, the dimension of the domain FID. Default 128.</summary>
    public int FeatureDimensions { get; init; } = 128;

    /// <summary>Number of classes; labels must be 0 to ClassCount - 1. Default 10.</summary>
    public int ClassCount { get; init; } = 10;

    /// <summary>Names of the classes by label, saved with the weights; default null, meaning "0", "1", ...</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Passes over the training set. Default 5.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Images per step (at least 2, for batch norm). Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam's peak learning rate (betas 0.9, 0.999). Default 2e-3.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>
    /// Whether the learning rate decays from <see cref="LearningRate"/> to 0 along a half cosine over all steps
    /// (<c>lr · (1 + cos(π t / T)) / 2</c> at step t of T); false keeps it constant. Default true.
    /// </summary>
    public bool CosineDecay { get; init; } = true;

    /// <summary>Seed of the initial weights and of the shuffling; the same seed and data give the same weights. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it).</exception>
    /// <exception cref="ArgumentException">The number of class names differs from <see cref="ClassCount"/>.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 1, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfLessThan(FeatureDimensions, 1, nameof(FeatureDimensions));
        ArgumentOutOfRangeException.ThrowIfLessThan(ClassCount, 2, nameof(ClassCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 2, nameof(BatchSize));
        if (!(LearningRate > 0 && double.IsFinite(LearningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive and finite.");
        }

        if (ClassNames is not null && ClassNames.Count != ClassCount)
        {
            throw new ArgumentException($"{ClassNames.Count} class names were given for {ClassCount} classes.", nameof(ClassNames));
        }
    }
}

/// <summary>Progress of <see cref="DomainClassifier.Train"/>, reported after every step.</summary>
/// <param name="Epoch">The epoch of the step, from 1.</param>
/// <param name="Epochs">Epochs in total.</param>
/// <param name="Step">Steps done, from 1.</param>
/// <param name="TotalSteps">Steps in total (epochs times full batches per epoch).</param>
/// <param name="Loss">The step's mean cross-entropy.</param>
/// <param name="LearningRate">The learning rate the step used.</param>
public readonly record struct DomainClassifierProgress(int Epoch, int Epochs, long Step, long TotalSteps, float Loss, double LearningRate);
