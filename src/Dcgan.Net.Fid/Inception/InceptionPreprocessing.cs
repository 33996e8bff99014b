using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// pytorch-fid's input path for one image: PIL's <c>convert("RGB")</c> channel rule (gray repeated to three
/// channels, alpha dropped), torch's bilinear resize to 299 x 299 (align_corners=False, no antialiasing; an
/// identity at 299), then <c>2x - 1</c>.
/// </summary>
internal static class InceptionPreprocessing
{
    /// <summary>Writes the network input [3, 299, 299] of one image [channels, height, width] in [0, 1].</summary>
    public static void ToNetworkInput(ReadOnlySpan<float> image, int channels, int height, int width, Span<float> destination, InceptionWorkspace workspace)
    {
        const int size = InceptionLayout.InputSize;
        int plane = height * width;
        ReadOnlySpan<float> rgb;
        if (channels >= 3)
        {
            // RGB as is; RGBA loses its alpha plane (no compositing, as PIL's RGBA -> RGB).
            rgb = image[..(3 * plane)];
        }
        else
        {
            // Gray (and the gray plane of gray + alpha) becomes R = G = B before the resize, as in pytorch-fid,
            // so the resize runs the same three-channel arithmetic as torch does on the converted image.
            Span<float> repeated = workspace.Pixels(3 * plane).AsSpan(0, 3 * plane);
            for (int c = 0; c < 3; c++)
            {
                image[..plane].CopyTo(repeated.Slice(c * plane, plane));
            }

            rgb = repeated;
        }

        ImageResize.Bilinear(rgb, 3, height, width, destination, size, size);
        Elementwise.ScaleShift(destination, 2f, -1f, destination);
    }
}
