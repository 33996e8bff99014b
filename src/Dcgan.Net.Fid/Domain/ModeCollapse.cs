using Dcgan.Net.Data;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Fid.Domain;

/// <summary>
/// The homework's mode-collapse check: classify generated samples with a domain classifier, count each class, and
/// compare the histogram with the distribution real data would give (uniform by default, or
/// <see cref="ClassShares"/> of real images). See <see cref="ModeCollapseReport"/> for the statistic and
/// <see cref="ModeCollapseVerdict"/> for the rules.
/// </summary>
public static class ModeCollapse
{
    /// <summary>Classifies <see cref="ModeCollapseOptions.SampleCount"/> images drawn from <paramref name="generator"/>.</summary>
    /// <param name="classifier">The domain classifier (e.g. <see cref="DomainClassifier.LoadFashionMnist"/>).</param>
    /// <param name="generator">A generator with images in [-1, 1]; it runs in evaluation mode with noise from its own
    /// random generator seeded with <see cref="ModeCollapseOptions.Seed"/>, and its train/eval flags are restored.</param>
    /// <param name="options">Settings; default <see cref="ModeCollapseOptions"/>.</param>
    /// <returns>The histogram and verdict.</returns>
    /// <exception cref="ArgumentException">An option is out of range, or the generator's images do not suit the classifier.</exception>
    public static ModeCollapseReport Analyze(DomainClassifier classifier, GeneratorModule generator, ModeCollapseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(generator);
        options ??= new ModeCollapseOptions();
        options.Validate();
        var predictions = new List<int>(options.SampleCount);
        GeneratorSampling.Generate(generator, options.SampleCount, options.BatchSize, new TensorGenerator(options.Seed), images => predictions.AddRange(classifier.Predict(images)));
        return FromPredictions(predictions.ToArray(), classifier.ClassNames, options);
    }

    /// <summary>Classifies the given images (<see cref="ModeCollapseOptions.SampleCount"/> and the sampling settings are not used).</summary>
    /// <param name="classifier">The domain classifier.</param>
    /// <param name="images">[N, 1, H, W] pixels in [0, 1], N ≥ 50.</param>
    /// <param name="options">Settings; default <see cref="ModeCollapseOptions"/>.</param>
    /// <returns>The histogram and verdict.</returns>
    /// <exception cref="ArgumentException">Fewer than 50 images, or images the classifier does not accept.</exception>
    public static ModeCollapseReport Analyze(DomainClassifier classifier, Tensor images, ModeCollapseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        return FromPredictions(classifier.Predict(images), classifier.ClassNames, options);
    }

    /// <summary>Builds the report from predicted classes (from any classifier).</summary>
    /// <param name="predictions">One predicted class per sample, each in 0..classNames.Count-1; at least 50.</param>
    /// <param name="classNames">Class names by label (their number is the class count).</param>
    /// <param name="options">Significance, thresholds and expected shares; default <see cref="ModeCollapseOptions"/>.</param>
    /// <returns>The histogram and verdict.</returns>
    /// <exception cref="ArgumentException">Fewer than 50 predictions, a prediction out of range, or expected shares
    /// that are not one finite non-negative weight per class with a positive sum.</exception>
    public static ModeCollapseReport FromPredictions(ReadOnlySpan<int> predictions, IReadOnlyList<string> classNames, ModeCollapseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        options ??= new ModeCollapseOptions();
        options.Validate();
        int k = classNames.Count;
        if (k < 2)
        {
            throw new ArgumentException($"Mode collapse needs at least 2 classes, got {k}.", nameof(classNames));
        }

        if (predictions.Length < ModeCollapseOptions.MinimumSamples)
        {
            throw new ArgumentException($"Classify at least {ModeCollapseOptions.MinimumSamples} samples; got {predictions.Length}.", nameof(predictions));
        }

        var counts = new int[k];
        for (int i = 0; i < predictions.Length; i++)
        {
            if ((uint)predictions[i] >= (uint)k)
            {
                throw new ArgumentException($"Prediction {i} is class {predictions[i]}, outside 0..{k - 1}.", nameof(predictions));
            }

            counts[predictions[i]]++;
        }

        return new ModeCollapseReport(classNames, counts, Shares(options.ExpectedShares, k), options);
    }

    /// <summary>
    /// The share of <paramref name="realImages"/> the classifier assigns to each class: the expected distribution that
    /// makes a perfect generator score as real data does, confusions of the classifier included.
    /// </summary>
    /// <param name="classifier">The domain classifier.</param>
    /// <param name="realImages">Real 1-channel images in [0, 1].</param>
    /// <returns>One share per class, summing to 1.</returns>
    /// <exception cref="ArgumentException">The data set is empty or does not suit the classifier.</exception>
    public static double[] ClassShares(DomainClassifier classifier, ImageDataset realImages)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(realImages);
        if (realImages.Count == 0)
        {
            throw new ArgumentException("The data set is empty.", nameof(realImages));
        }

        var counts = new int[classifier.ClassCount];
        foreach (int label in classifier.Predict(realImages))
        {
            counts[label]++;
        }

        return counts.Select(c => (double)c / realImages.Count).ToArray();
    }

    private static double[] Shares(IReadOnlyList<double>? weights, int k)
    {
        if (weights is null)
        {
            return Enumerable.Repeat(1.0 / k, k).ToArray();
        }

        if (weights.Count != k || weights.Any(w => !(w >= 0 && double.IsFinite(w))) || !(weights.Sum() > 0))
        {
            throw new ArgumentException(
                $"Expected shares must be {k} finite non-negative weights with a positive sum; got [{string.Join(", ", weights)}].", nameof(weights));
        }

        double sum = weights.Sum();
        return weights.Select(w => w / sum).ToArray();
    }
}
