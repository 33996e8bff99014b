using Dcgan.Net.Data;
using Dcgan.Net.Fid.Features;
using Dcgan.Net.Logging;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Training;

namespace Dcgan.Net.Fid.Domain;

/// <summary>
/// FID of a generator against fixed reference statistics of real images, in the feature space of any
/// <see cref="IFeatureExtractor"/> (a <see cref="DomainClassifier"/> for a fast "domain FID"; an Inception network
/// works too, slowly). Made to run every N training steps (<see cref="Hook"/>) and log the score.
/// </summary>
/// <remarks>
/// The generator is sampled in evaluation mode, as pytorch-fid users and the PyTorch reference's sampling do
/// (<c>g.eval()</c> under <c>torch.no_grad()</c>): batch norm uses its running statistics, so each image does not
/// depend on the others in its batch and no buffer changes. Noise comes from the evaluator's own random generator,
/// and every train/eval flag is restored, so training with the hook gives bit for bit the same weights as without.
/// </remarks>
public sealed class DomainFidEvaluator
{
    /// <summary>The scalar tag the hook logs: "fid/domain".</summary>
    public const string ScalarTag = "fid/domain";

    private readonly List<DomainFidPoint> _history = [];

    /// <summary>Creates an evaluator from reference statistics (e.g. saved earlier with <see cref="FeatureStatistics.Save"/>).</summary>
    /// <param name="features">The feature network.</param>
    /// <param name="reference">Statistics of real images in that network's feature space.</param>
    /// <param name="options">Settings; default <see cref="DomainFidOptions"/>.</param>
    /// <exception cref="ArgumentException">The dimensions differ, or an option is out of range.</exception>
    public DomainFidEvaluator(IFeatureExtractor features, FeatureStatistics reference, DomainFidOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(reference);
        Options = options ?? new DomainFidOptions();
        Options.Validate();
        if (reference.Dimensions != features.Dimensions)
        {
            throw new ArgumentException(
                $"The reference statistics have {reference.Dimensions} dimensions but the feature network gives {features.Dimensions}.", nameof(reference));
        }

        Features = features;
        Reference = reference;
    }

    /// <summary>The feature network.</summary>
    public IFeatureExtractor Features { get; }

    /// <summary>Statistics of the real images.</summary>
    public FeatureStatistics Reference { get; }

    /// <summary>The settings.</summary>
    public DomainFidOptions Options { get; }

    /// <summary>Every evaluation the <see cref="Hook"/> made, in order.</summary>
    public IReadOnlyList<DomainFidPoint> History => _history;

    /// <summary>
    /// Creates an evaluator whose reference is <see cref="DomainFidOptions.ReferenceCount"/> images of
    /// <paramref name="realImages"/> (all of them when there are fewer).
    /// </summary>
    /// <param name="features">The feature network.</param>
    /// <param name="realImages">Real images in [0, 1], e.g. <c>FashionMnist.LoadDefault(range: PixelScale.ZeroToOne)</c>.</param>
    /// <param name="options">Settings; default <see cref="DomainFidOptions"/>.</param>
    /// <returns>The evaluator.</returns>
    /// <exception cref="ArgumentException">Fewer than 2 images, images the network does not accept, or an option out of range.</exception>
    public static DomainFidEvaluator FromDataset(IFeatureExtractor features, ImageDataset realImages, DomainFidOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        options ??= new DomainFidOptions();
        options.Validate();
        return new DomainFidEvaluator(features, ComputeStatistics(features, realImages, options.ReferenceCount, options.Seed, options.BatchSize), options);
    }

    /// <summary>Feature statistics of up to <paramref name="maxCount"/> images of a data set (a seeded random subset when larger).</summary>
    /// <param name="features">The feature network.</param>
    /// <param name="images">Images in [0, 1].</param>
    /// <param name="maxCount">At most this many images (at least 2).</param>
    /// <param name="seed">Seed of the subset. Default 0.</param>
    /// <param name="batchSize">Images per feature batch. Default 250.</param>
    /// <returns>Mean and covariance of the features.</returns>
    /// <exception cref="ArgumentException">Fewer than 2 images, or images the network does not accept.</exception>
    public static FeatureStatistics ComputeStatistics(IFeatureExtractor features, ImageDataset images, int maxCount, ulong seed = 0, int batchSize = 250)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (images.Count < 2)
        {
            throw new ArgumentException($"Statistics need at least 2 images; the data set holds {images.Count}.", nameof(images));
        }

        int count = Math.Min(maxCount, images.Count);
        int[] indices = count == images.Count ? Enumerable.Range(0, count).ToArray() : new TensorGenerator(seed).Permutation(images.Count)[..count];
        var shape = images.ImageShape;
        var statistics = new FeatureStatistics(features.Dimensions);
        var pixels = new float[Math.Min(batchSize, count) * shape.Size];
        var buffer = new float[Math.Min(batchSize, count) * features.Dimensions];
        for (int start = 0; start < count; start += batchSize)
        {
            int n = Math.Min(batchSize, count - start);
            for (int i = 0; i < n; i++)
            {
                images.CopyImage(indices[start + i], pixels.AsSpan(i * shape.Size, shape.Size));
            }

            var batch = Tensor.FromArray(pixels.AsSpan(0, n * shape.Size), n, shape.Channels, shape.Height, shape.Width);
            features.Extract(batch, buffer);
            statistics.Add(buffer.AsSpan(0, n * features.Dimensions));
        }

        return statistics;
    }

    /// <summary>The FID of <see cref="DomainFidOptions.SampleCount"/> images drawn from <paramref name="generator"/>.</summary>
    /// <param name="generator">A generator with images in [-1, 1]; sampled in evaluation mode with the evaluator's own
    /// noise (see the remarks on <see cref="DomainFidEvaluator"/>).</param>
    /// <returns>The distance and its diagnostics.</returns>
    /// <exception cref="ArgumentException">The generator's images do not suit the feature network.</exception>
    public FrechetResult Evaluate(GeneratorModule generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var statistics = new FeatureStatistics(Features.Dimensions);
        var buffer = new float[Options.BatchSize * Features.Dimensions];
        GeneratorSampling.Generate(generator, Options.SampleCount, Options.BatchSize, new TensorGenerator(Options.Seed), images =>
        {
            Features.Extract(images, buffer);
            statistics.Add(buffer.AsSpan(0, images.Size(0) * Features.Dimensions));
        });
        return FrechetDistance.Compute(Reference, statistics, Options.Method);
    }

    /// <summary>The FID of up to <see cref="DomainFidOptions.ReferenceCount"/> images of a data set against the
    /// reference, e.g. the test split against the training split: the floor a perfect generator would reach.</summary>
    /// <param name="images">Images in [0, 1].</param>
    /// <returns>The distance and its diagnostics.</returns>
    /// <exception cref="ArgumentException">Fewer than 2 images, or images the network does not accept.</exception>
    public FrechetResult Evaluate(ImageDataset images) =>
        FrechetDistance.Compute(Reference, ComputeStatistics(Features, images, Options.ReferenceCount, Options.Seed + 1, Options.BatchSize), Options.Method);

    /// <summary>
    /// A training hook, for <c>hooks.Every(n, evaluator.Hook(logger))</c>: evaluates the trainer's generator, logs
    /// the distance as <see cref="ScalarTag"/> at the trainer's step, adds it to <see cref="History"/> and passes it to
    /// <paramref name="onResult"/>.
    /// </summary>
    /// <param name="logger">Receives the scalar (TensorBoard, CSV, ...); optional.</param>
    /// <param name="onResult">Called with each point, e.g. to print it; optional.</param>
    /// <returns>The hook action.</returns>
    public Action<GanTrainer, GanStepResult> Hook(IScalarLogger? logger = null, Action<DomainFidPoint>? onResult = null) => (trainer, result) =>
    {
        var point = new DomainFidPoint(result.Step, Evaluate(trainer.Generator));
        _history.Add(point);
        logger?.LogScalar(ScalarTag, (float)point.Result.Distance, point.Step);
        onResult?.Invoke(point);
    };
}
