using Dcgan.Net.Tensors;

namespace Dcgan.Net.Fid.Features;

/// <summary>
/// Maps a batch of images to one feature vector per image: the pytorch-fid Inception-v3 (pool3 or an earlier
/// level), a domain classifier's penultimate layer, or any network of the user's. FID and KID are computed on
/// these vectors.
/// </summary>
/// <remarks>
/// Inputs are always pixels in [0, 1] (what torchvision's <c>ToTensor</c> gives), so image sets from files,
/// tensors and generators share one convention; each extractor applies its own preprocessing (resize,
/// rescaling, channel handling) and says which channel counts and sizes it accepts. Implementations run in
/// inference mode, record no autograd graph, and give each image's features independently of the batch it came
/// in, so results do not depend on the batch size.
/// </remarks>
public interface IFeatureExtractor
{
    /// <summary>Length of each feature vector (2048 for pytorch-fid's default).</summary>
    int Dimensions { get; }

    /// <summary>Computes the features of every image in <paramref name="images"/>.</summary>
    /// <param name="images">[N, C, H, W] pixels in [0, 1].</param>
    /// <param name="features">[N, Dimensions] row-major destination; at least N * Dimensions long.</param>
    /// <exception cref="ArgumentException">The channel count or size is not one the extractor accepts, or
    /// <paramref name="features"/> is too short.</exception>
    void Extract(Tensor images, Span<float> features);
}
