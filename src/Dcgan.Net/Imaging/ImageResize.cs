namespace Dcgan.Net.Imaging;

/// <summary>
/// Resizing: bilinear on float planes exactly as PyTorch's <c>F.interpolate</c>, and bicubic on 8-bit images
/// as PIL's <c>Image.resize(BICUBIC)</c>.
/// </summary>
public static partial class ImageResize
{
    /// <summary>
    /// Bilinear resize of float planes, matching PyTorch <c>F.interpolate(x, size=(outHeight, outWidth),
    /// mode="bilinear", align_corners=False, antialias=False)</c>: per axis scale = in / out (float32), source
    /// index s = max(0, scale * (o + 0.5) - 0.5) (evaluated in double, as PyTorch 1.13's
    /// <c>area_pixel_compute_source_index</c> does through its double literal), taps floor(s) and the next index
    /// (clamped), weights (1 - frac, frac) rounded to float32; no low-pass filter when shrinking.
    /// </summary>
    /// <remarks>
    /// The arithmetic order follows PyTorch 1.13's x86 CPU kernels, which the compiler contracts into fused
    /// multiply-adds: with 2 or more channels (the generic kernel) each output is
    /// fma(fma(x00, wx0, x01 * wx1), wy0, fma(x10, wx0, x11 * wx1) * wy1); with 1 channel PyTorch takes its
    /// channels-last kernel (an [N, 1, H, W] tensor is also channels-last contiguous), which sums
    /// x00 * (wy0 * wx0) + ... + x11 * (wy1 * wx1) in double. This made every value of the fixtures
    /// (32x32 and 28x28 to 299x299, 50x37 to 23x31, 40x9 to 13x30) bit-identical to torch 1.13 on x86-64; other
    /// builds may differ in the last bit. An axis whose size does not change is copied exactly.
    /// </remarks>
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
                if (channels == 1)
                {
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        double sum = (top[x0[ox]] * (double)(a * wx0[ox])) + (top[x1[ox]] * (double)(a * wx1[ox]))
                            + (bottom[x0[ox]] * (double)(b * wx0[ox])) + (bottom[x1[ox]] * (double)(b * wx1[ox]));
                        row[ox] = (float)sum;
                    }
                }
                else
                {
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        float t0 = MathF.FusedMultiplyAdd(top[x0[ox]], wx0[ox], top[x1[ox]] * wx1[ox]);
                        float t1 = MathF.FusedMultiplyAdd(bottom[x0[ox]], wx0[ox], bottom[x1[ox]] * wx1[ox]);
                        row[ox] = MathF.FusedMultiplyAdd(t0, a, t1 * b);
                    }
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

    /// <summary>PyTorch's per-axis taps (compute_source_index_and_lambda for float input).</summary>
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

            double s = Math.Max((scale * (o + 0.5)) - 0.5, 0.0);
            int index = (int)s;
            i0[o] = index;
            i1[o] = index < input - 1 ? index + 1 : index;
            float lambda = (float)Math.Clamp(s - index, 0.0, 1.0);
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
