using Dcgan.Net.Data;
using Dcgan.Net.Fid.Features;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Fid.Domain;

/// <summary>
/// A small CNN classifier for MNIST-like images (one channel, 28x28 or 32x32): its class probabilities count the
/// modes of a generator (<see cref="ModeCollapse"/>) and its penultimate layer is a fast feature space for a
/// "domain FID" (<see cref="DomainFidEvaluator"/>). Load the shipped Fashion-MNIST weights with
/// <see cref="LoadFashionMnist"/> or train one for MNIST with <see cref="Train"/>.
/// </summary>
/// <remarks>
/// <para>Inputs follow <see cref="IFeatureExtractor"/>: [N, 1, H, W] pixels in [0, 1]. 32x32 images are used as
/// they are (the data sets' padded form), 28x28 images are padded by 2 black pixels per side, other sizes are
/// resized bilinearly to 28x28 and then padded. A tanh generator's output in [-1, 1] maps to [0, 1] with
/// (x + 1) / 2; <see cref="DomainFidEvaluator"/> and <see cref="ModeCollapse"/> do that themselves.</para>
/// <para>Inference runs the network in evaluation mode (batch norm with running statistics) without autograd, so
/// each image's features and probabilities do not depend on the batch. Calls may run concurrently with each
/// other, but not while the <see cref="Network"/> is being changed.</para>
/// </remarks>
public sealed partial class DomainClassifier : IFeatureExtractor
{
    private const int InferenceBatch = 256;

    /// <summary>Wraps a trained network.</summary>
    /// <param name="network">The network; it is put in evaluation mode.</param>
    /// <param name="classNames">Class names by label; default "0", "1", ....</param>
    /// <exception cref="ArgumentException">The number of names differs from the network's class count.</exception>
    public DomainClassifier(DomainClassifierNetwork network, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (classNames is not null && classNames.Count != network.ClassCount)
        {
            throw new ArgumentException($"{classNames.Count} class names were given for a network with {network.ClassCount} classes.", nameof(classNames));
        }

        Network = network;
        Network.Eval();
        ClassNames = classNames?.ToArray() ?? Enumerable.Range(0, network.ClassCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The network (state-dict keys as its PyTorch twin; see <see cref="DomainClassifierNetwork"/>).</summary>
    public DomainClassifierNetwork Network { get; }

    /// <summary>Class names by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount => Network.ClassCount;

    /// <summary>Length of the feature vectors: the penultimate layer's width (128 for the shipped weights).</summary>
    public int Dimensions => Network.FeatureDimensions;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The images are not [N, 1, H, W] in [0, 1], or <paramref name="features"/>
    /// is shorter than N * <see cref="Dimensions"/>.</exception>
    public void Extract(Tensor images, Span<float> features)
    {
        var prepared = DomainInput.Prepare(images, "DomainClassifier.Extract");
        int needed = prepared.Size(0) * Dimensions;
        if (features.Length < needed)
        {
            throw new ArgumentException($"The destination holds {features.Length} values; {prepared.Size(0)} images need {needed}.", nameof(features));
        }

        Run(prepared, features, []);
    }

    /// <summary>Class probabilities (softmax of the logits).</summary>
    /// <param name="images">[N, 1, H, W] pixels in [0, 1].</param>
    /// <returns>[N, ClassCount]; each row sums to 1.</returns>
    /// <exception cref="ArgumentException">The images are not [N, 1, H, W] in [0, 1].</exception>
    public Tensor PredictProbabilities(Tensor images)
    {
        var prepared = DomainInput.Prepare(images, "DomainClassifier.PredictProbabilities");
        var probabilities = new float[prepared.Size(0) * ClassCount];
        Run(prepared, [], probabilities);
        return Tensor.Wrap(probabilities, prepared.Size(0), ClassCount);
    }

    /// <summary>The most probable class of each image.</summary>
    /// <param name="images">[N, 1, H, W] pixels in [0, 1].</param>
    /// <returns>N labels in 0..ClassCount-1.</returns>
    /// <exception cref="ArgumentException">The images are not [N, 1, H, W] in [0, 1].</exception>
    public int[] Predict(Tensor images) => PredictProbabilities(images).ArgMax(1);

    /// <summary>The most probable class of every image of a data set, in order.</summary>
    /// <param name="dataset">1-channel images in [0, 1] (e.g. <c>MnistDataset.Load(folder, false, 32, PixelScale.ZeroToOne)</c>).</param>
    /// <returns>One label per image.</returns>
    /// <exception cref="ArgumentException">The images have more than one channel or are outside [0, 1].</exception>
    public int[] Predict(ImageDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var prepared = DomainInput.Prepare(dataset, "DomainClassifier.Predict");
        var labels = new int[dataset.Count];
        int done = 0;
        var loader = new DataLoader(prepared, new DataLoaderOptions { BatchSize = InferenceBatch, Shuffle = false, DropLast = false });
        foreach (var batch in loader.EnumerateEpoch())
        {
            Predict(batch.Images).CopyTo(labels, done);
            done += batch.Count;
        }

        return labels;
    }

    /// <summary>The share of images whose predicted class equals their label.</summary>
    /// <param name="dataset">Labelled 1-channel images in [0, 1], e.g. a test split.</param>
    /// <returns>The accuracy in [0, 1].</returns>
    /// <exception cref="ArgumentException">The data set has no labels, more than one channel, or pixels outside [0, 1].</exception>
    public double Accuracy(ImageDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!dataset.HasLabels)
        {
            throw new ArgumentException("Accuracy needs a labelled data set.", nameof(dataset));
        }

        int[] predicted = Predict(dataset);
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            correct += predicted[i] == dataset.GetLabel(i) ? 1 : 0;
        }

        return predicted.Length == 0 ? 0 : (double)correct / predicted.Length;
    }

    /// <summary>
    /// Features and/or probabilities of images already brought to [N, 1, 32, 32] in [0, 1], in chunks; either
    /// destination may be empty to skip it.
    /// </summary>
    internal void Run(Tensor prepared, Span<float> features, Span<float> probabilities)
    {
        using var noGrad = GradMode.NoGrad();
        Network.Eval();
        var arena = new TensorArena();
        int n = prepared.Size(0), imageSize = prepared.Count / n, d = Dimensions, k = ClassCount;
        ReadOnlySpan<float> pixels = prepared.AsSpan();
        for (int start = 0; start < n; start += InferenceBatch)
        {
            int count = Math.Min(InferenceBatch, n - start);
            using var scope = arena.Activate();
            var chunk = Tensor.FromArray(pixels.Slice(start * imageSize, count * imageSize), count, 1, DomainClassifierNetwork.InputSize, DomainClassifierNetwork.InputSize);
            var f = Network.Features(chunk);
            if (!features.IsEmpty)
            {
                f.AsSpan().CopyTo(features.Slice(start * d, count * d));
            }

            if (!probabilities.IsEmpty)
            {
                Functional.Softmax(Network.Classify(f), 1).AsSpan().CopyTo(probabilities.Slice(start * k, count * k));
            }
        }
    }
}
