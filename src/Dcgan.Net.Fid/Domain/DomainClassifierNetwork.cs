using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Nn;

namespace Dcgan.Net.Fid.Domain;

/// <summary>
/// The domain classifier's network: four 3x3 convolutions with batch norm and ReLU (the last three with stride 2,
/// since the engine has no pooling layer), a global average over the remaining 4x4 positions, a fully connected
/// feature layer with ReLU (the penultimate layer, used for the domain FID) and a linear head giving class logits.
/// </summary>
/// <remarks>
/// <para>Input [N, 1, 32, 32] pixels in [0, 1]; <see cref="DomainClassifier"/> brings other sizes there. With width w:
/// 1→w (32x32), w→2w (16x16), 2w→4w (8x8), 4w→8w (4x4), mean over H and W, 8w→F, F→K.</para>
/// <para>The state-dict keys are those of this PyTorch module, so weights move between the two with no renaming
/// (<c>tools/make_domain_fixtures.py</c> holds the same definition):</para>
/// <code>
/// def block(i, o, s): return [nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU()]
/// class DomainClassifierNetwork(nn.Module):
///     def __init__(self, w=16, f=128, k=10):
///         super().__init__()
///         self.features = nn.Sequential(*block(1, w, 1), *block(w, 2*w, 2), *block(2*w, 4*w, 2), *block(4*w, 8*w, 2))
///         self.embed = nn.Sequential(nn.Linear(8*w, f), nn.ReLU())
///         self.head = nn.Linear(f, k)
///     def forward(self, x): return self.head(self.embed(self.features(x).mean((2, 3))))
/// </code>
/// </remarks>
public sealed class DomainClassifierNetwork : Module
{
    /// <summary>The input side, in pixels (images are [N, 1, InputSize, InputSize]).</summary>
    public const int InputSize = 32;

    private readonly Sequential _convolutions;
    private readonly Sequential _embed;
    private readonly Linear _head;

    /// <summary>Creates the network with PyTorch's default initialisation drawn from <paramref name="generator"/>.</summary>
    /// <param name="width">Channels of the first convolution, w (the others have 2w, 4w, 8w). Default 16.</param>
    /// <param name="featureDimensions">Length F of the penultimate (feature) layer. Default 128.</param>
    /// <param name="classCount">Number of classes K. Default 10.</param>
    /// <param name="generator">Random source for the initial weights; default <see cref="TensorGenerator.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or <paramref name="classCount"/> below 2.</exception>
    public DomainClassifierNetwork(int width = 16, int featureDimensions = 128, int classCount = 10, TensorGenerator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureDimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        Width = width;
        FeatureDimensions = featureDimensions;
        ClassCount = classCount;
        _convolutions = RegisterModule("features", new Sequential());
        int[] channels = [1, width, 2 * width, 4 * width, 8 * width];
        for (int i = 0; i < 4; i++)
        {
            _convolutions.Append(new Conv2d(channels[i], channels[i + 1], 3, stride: i == 0 ? 1 : 2, padding: 1, bias: false, generator: generator))
                .Append(new BatchNorm2d(channels[i + 1]))
                .Append(new ReLU());
        }

        _embed = RegisterModule("embed", new Sequential(new Linear(8 * width, featureDimensions, generator: generator), new ReLU()));
        _head = RegisterModule("head", new Linear(featureDimensions, classCount, generator: generator));
    }

    /// <summary>Channels of the first convolution, w.</summary>
    public int Width { get; }

    /// <summary>Length of the feature (penultimate) layer.</summary>
    public int FeatureDimensions { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Class logits.</summary>
    /// <param name="input">[N, 1, 32, 32] pixels in [0, 1].</param>
    /// <returns>[N, ClassCount].</returns>
    /// <exception cref="ArgumentException">The input is not [N, 1, 32, 32].</exception>
    public override Tensor Forward(Tensor input) => _head.Forward(Features(input));

    /// <summary>The penultimate layer's activations (after its ReLU).</summary>
    /// <param name="input">[N, 1, 32, 32] pixels in [0, 1].</param>
    /// <returns>[N, FeatureDimensions].</returns>
    /// <exception cref="ArgumentException">The input is not [N, 1, 32, 32].</exception>
    public Tensor Features(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Size(1) != 1 || input.Size(2) != InputSize || input.Size(3) != InputSize)
        {
            throw new ArgumentException(
                $"Domain classifier input: expected shape [N, 1, {InputSize}, {InputSize}], got [{string.Join(", ", input.Shape.ToArray())}].", nameof(input));
        }

        return _embed.Forward(_convolutions.Forward(input).Mean([2, 3]));
    }

    /// <summary>Logits from features given by <see cref="Features"/>.</summary>
    /// <param name="features">[N, FeatureDimensions].</param>
    /// <returns>[N, ClassCount].</returns>
    public Tensor Classify(Tensor features) => _head.Forward(features);
}
