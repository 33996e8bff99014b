using Dcgan.Net.Fid.Features;
using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Fid;

/// <summary>
/// A small stand-in for the Inception in the tests: each image is resized (bilinear) to 6x6, gray replicated to RGB,
/// and projected by fixed seeded weights through a tanh to <see cref="Dimensions"/> features. Like a real extractor it
/// treats each image on its own, so batching cannot change its output; it also records the batch shapes it was given.
/// </summary>
internal sealed class ProjectionExtractor : IFeatureExtractor
{
    private const int Side = 6;
    private const int Inputs = 3 * Side * Side;
    private readonly float[] _weights;
    private readonly bool _acceptsGray;

    public ProjectionExtractor(int dimensions = 8, bool acceptsGray = true, ulong seed = 7)
    {
        Dimensions = dimensions;
        _acceptsGray = acceptsGray;
        _weights = new float[dimensions * Inputs];
        new TensorGenerator(seed).FillNormal(_weights, 0f, 0.2f);
    }

    public int Dimensions { get; }

    /// <summary>The [N, C, H, W] shapes of the batches seen, in order.</summary>
    public List<int[]> BatchShapes { get; } = [];

    public void Extract(Tensor images, Span<float> features)
    {
        int n = images.Size(0), c = images.Size(1), h = images.Size(2), w = images.Size(3);
        if (c != 3 && !(c == 1 && _acceptsGray))
        {
            throw new ArgumentException($"ProjectionExtractor takes 3 channels{(_acceptsGray ? " or 1" : "")}, got {c}.", nameof(images));
        }

        BatchShapes.Add(images.Shape.ToArray());
        for (int i = 0; i < n; i++)
        {
            float[] small = ImageResize.Bilinear(images.AsSpan().Slice(i * c * h * w, c * h * w), c, h, w, Side, Side);
            for (int j = 0; j < Dimensions; j++)
            {
                double sum = 0;
                for (int k = 0; k < Inputs; k++)
                {
                    sum += _weights[(j * Inputs) + k] * (double)small[c == 1 ? k % (Side * Side) : k];
                }

                features[(i * Dimensions) + j] = (float)Math.Tanh(sum);
            }
        }
    }
}
