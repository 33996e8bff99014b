using Dcgan.Net.Imaging;

namespace Dcgan.Net.Fid;

/// <summary>Brings pixels in [0, 1] or [−1, 1] to the [0, 1] of <see cref="Features.IFeatureExtractor"/>.</summary>
internal static class PixelMapping
{
    /// <summary>
    /// Clamps to <paramref name="range"/>, maps [−1, 1] with (x + 1) / 2 (torchvision's make_grid normalisation), and
    /// with <paramref name="quantize"/> rounds to 8 bits as save_image does before a PNG is written, then divides by 255
    /// as ToTensor does when the PNG is read back. NaN stays NaN for the caller to report.
    /// </summary>
    public static void ToUnitRange(ReadOnlySpan<float> source, Span<float> destination, PixelRange range, bool quantize)
    {
        bool symmetric = Image.CheckRange(range);
        for (int i = 0; i < source.Length; i++)
        {
            float x = source[i];
            x = symmetric ? (Math.Clamp(x, -1f, 1f) + 1f) / 2f : Math.Clamp(x, 0f, 1f);
            destination[i] = quantize && !float.IsNaN(x) ? Image.ToByte(x) / 255f : x;
        }
    }

    /// <summary>The index of the first value that is NaN, infinite or outside <paramref name="range"/>, or −1.</summary>
    public static int FirstOutOfRange(ReadOnlySpan<float> values, PixelRange range)
    {
        float low = Image.CheckRange(range) ? -1f : 0f;
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] >= low && values[i] <= 1f))
            {
                return i;
            }
        }

        return -1;
    }
}
