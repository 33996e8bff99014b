namespace Dcgan.Net.Imaging;

/// <summary>
/// Resizing: bilinear on float planes exactly as PyTorch's <c>F.interpolate</c>, and bicubic on 8-bit images
/// as PIL's <c>Image.resize(BICUBIC)</c>.
/// </summary>
public static partial class ImageResize
{
    /// <summary>
    /// Bilinear resize of float planes, matching PyTorch <c>F.interpolate(x, size=(outHeight, outWidth),
    /// mode="bilinear", align_corners=False, antialias=False)</c>: per axis scale = in / out and source index
    /// s = max(0, scale * (o + 0.5) - 0.5), both in float32 as PyTorch's float path; taps floor(s) and the next
    /// index (clamped), weights (1 - frac, frac); no low-pass filter when shrinking. An axis whose size does
    /// not change is copied exactly.
    /// </summary>
    /// <param name="source">Input planes, shape [channels, height, width].</param>
    /// <param name="channels">Number of planes (each is resized on its own).</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="destination">Output planes, shape [channels, outHeight, outWidth].</param>
    /// <param name="outHeight">Output height.</param>
    /// <param name="outWidth">Output width.</param>
    /// <exception cref="ArgumentException">A size is below 1 or a span has the wrong length.</exception>
    public static void Bilinear(
        ReadOnlySpan<float> source, int channels, int height, int width, Span<float> destination, int outHeight, int outWidth)
    {
        CheckPlanes(source.Length, channels, height, width, nameof(source));
        CheckPlanes(destination.Length, channels, outHeight, outWidth, nameof(destination));
        var (x0, x1, wx0, wx1) = LinearTaps(width, outWidth);
        var (y0, y1, wy0, wy1) = LinearTaps(height, outHeight);
        int inPlane = height * width;
        int outPlane = outHeight * outWidth;
        for (int c = 0; c < channels; c++)
        {
            var plane = source.Slice(c * inPlane, inPlane);
            var output = destination.Slice(c * outPlane, outPlane);
            for (int oy = 0; oy < outHeight; oy++)
            {
                var top = plane.Slice(y0[oy] * width, width);
                var bottom = plane.Slice(y1[oy] * width, width);
                var row = output.Slice(oy * outWidth, outWidth);
                float a = wy0[oy];
                float b = wy1[oy];
                for (int ox = 0; ox < outWidth; ox++)
                {
                    // PyTorch's order: interpolate along width within each source row, then across rows.
                    float t0 = (top[x0[ox]] * wx0[ox]) + (top[x1[ox]] * wx1[ox]);
                    float t1 = (bottom[x0[ox]] * wx0[ox]) + (bottom[x1[ox]] * wx1[ox]);
                    row[ox] = (t0 * a) + (t1 * b);
                }
            }
        }
    }

    /// <summary>Bilinear resize into a new array; see <see cref="Bilinear(ReadOnlySpan{float}, int, int, int, Span{float}, int, int)"/>.</summary>
    /// <param name="source">Input planes, shape [channels, height, width].</param>
    /// <param name="channels">Number of planes.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="outHeight">Output height.</param>
    /// <param name="outWidth">Output width.</param>
    /// <returns>Output planes, shape [channels, outHeight, outWidth].</returns>
    public static float[] Bilinear(ReadOnlySpan<float> source, int channels, int height, int width, int outHeight, int outWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var result = new float[(long)channels * outHeight * outWidth];
        Bilinear(source, channels, height, width, result, outHeight, outWidth);
        return result;
    }

    /// <summary>PyTorch's per-axis taps (upsample_bilinear2d, float path).</summary>
    private static (int[] I0, int[] I1, float[] W0, float[] W1) LinearTaps(int input, int output)
    {
        var i0 = new int[output];
        var i1 = new int[output];
        var w0 = new float[output];
        var w1 = new float[output];
        float scale = input / (float)output;
        for (int o = 0; o < output; o++)
        {
            if (input == output)
            {
                i0[o] = i1[o] = o;
                w0[o] = 1f;
                continue;
            }

            float s = (scale * (o + 0.5f)) - 0.5f;
            if (s < 0f)
            {
                s = 0f;
            }

            int index = (int)s;
            i0[o] = index;
            i1[o] = index < input - 1 ? index + 1 : index;
            float lambda = Math.Clamp(s - index, 0f, 1f);
            w1[o] = lambda;
            w0[o] = 1f - lambda;
        }

        return (i0, i1, w0, w1);
    }

    private static void CheckPlanes(int length, int channels, int height, int width, string name)
    {
        if (channels < 1 || height < 1 || width < 1)
        {
            throw new ArgumentException($"Sizes [C, H, W] = [{channels}, {height}, {width}] must all be at least 1.", name);
        }

        long expected = (long)channels * height * width;
        if (length != expected)
        {
            throw new ArgumentException($"{name} holds {length} floats; [C, H, W] = [{channels}, {height}, {width}] needs {expected}.", name);
        }
    }
}
