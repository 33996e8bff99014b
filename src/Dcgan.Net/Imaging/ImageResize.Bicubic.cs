namespace Dcgan.Net.Imaging;

/// <content>PIL-compatible bicubic resampling of 8-bit images.</content>
public static partial class ImageResize
{
    /// <summary>PIL's fixed-point precision for 8-bit resampling: 32 - 8 - 2 bits.</summary>
    private const int PrecisionBits = 22;

    /// <summary>
    /// Bicubic resize of an 8-bit image, as PIL 9.4's <c>Image.resize(size, Image.BICUBIC)</c>: a separable
    /// filter (Keys cubic, a = -0.5, support 2 widened by the scale when shrinking, so it antialiases),
    /// horizontal pass first, each pass rounded to 8 bits with PIL's 22-bit fixed-point weights; a pass whose
    /// size does not change is skipped. Images with alpha (2 or 4 channels) are premultiplied before and
    /// unpremultiplied after, as PIL does through its "La"/"RGBa" modes.
    /// </summary>
    /// <param name="image">An 8-bit image with 1 to 4 channels.</param>
    /// <param name="width">Output width, at least 1.</param>
    /// <param name="height">Output height, at least 1.</param>
    /// <returns>The resized image (a new instance).</returns>
    /// <exception cref="ArgumentException">The image is 16-bit or a size is below 1.</exception>
    public static Image Bicubic(Image image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (image.BitDepth != 8)
        {
            throw new ArgumentException("Bicubic resizing works on 8-bit images; call ToEightBit() first.", nameof(image));
        }

        int channels = image.Channels;
        bool alpha = channels is 2 or 4;
        byte[] pixels = alpha ? Premultiply(image.Data, channels) : image.Data;
        int w = image.Width;
        int h = image.Height;
        if (width != w)
        {
            pixels = ResamplePass(pixels, w, h, channels, width, horizontal: true);
            w = width;
        }

        if (height != h)
        {
            pixels = ResamplePass(pixels, w, h, channels, height, horizontal: false);
        }

        if (ReferenceEquals(pixels, image.Data))
        {
            pixels = (byte[])pixels.Clone();
        }

        if (alpha)
        {
            Unpremultiply(pixels, channels);
        }

        return new Image(width, height, channels, pixels);
    }

    /// <summary>One separable pass along x (<paramref name="horizontal"/>) or y, to <paramref name="size"/> samples.</summary>
    private static byte[] ResamplePass(byte[] source, int width, int height, int channels, int size, bool horizontal)
    {
        int inSize = horizontal ? width : height;
        var (bounds, weights, kernelSize) = CubicCoefficients(inSize, size);
        int outWidth = horizontal ? size : width;
        int outHeight = horizontal ? height : size;
        var result = new byte[outWidth * outHeight * channels];
        int step = horizontal ? channels : width * channels;
        for (int y = 0; y < outHeight; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                int o = horizontal ? x : y;
                int first = bounds[2 * o];
                int taps = bounds[(2 * o) + 1];
                int origin = horizontal ? ((y * width) + first) * channels : ((first * width) + x) * channels;
                var k = weights.AsSpan(o * kernelSize, taps);
                for (int c = 0; c < channels; c++)
                {
                    int sum = 1 << (PrecisionBits - 1);
                    for (int t = 0; t < taps; t++)
                    {
                        sum += source[origin + (t * step) + c] * k[t];
                    }

                    result[(((y * outWidth) + x) * channels) + c] = Clip8(sum);
                }
            }
        }

        return result;
    }

    /// <summary>PIL's precompute_coeffs with the bicubic filter, then normalize_coeffs_8bpc.</summary>
    private static (int[] Bounds, int[] Weights, int KernelSize) CubicCoefficients(int inSize, int outSize)
    {
        const double filterSupport = 2.0;
        double scale = inSize / (double)outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = filterSupport * filterScale;
        int kernelSize = ((int)Math.Ceiling(support) * 2) + 1;
        var bounds = new int[outSize * 2];
        var weights = new int[outSize * kernelSize];
        var k = new double[kernelSize];
        for (int o = 0; o < outSize; o++)
        {
            double center = (o + 0.5) * scale;
            double inverse = 1.0 / filterScale;
            int min = Math.Max((int)(center - support + 0.5), 0);
            int max = Math.Min((int)(center + support + 0.5), inSize) - min;
            double total = 0.0;
            for (int t = 0; t < max; t++)
            {
                k[t] = Cubic((t + min - center + 0.5) * inverse);
                total += k[t];
            }

            for (int t = 0; t < max; t++)
            {
                double normalized = total != 0.0 ? k[t] / total : k[t];
                double fixedPoint = normalized * (1 << PrecisionBits);
                weights[(o * kernelSize) + t] = normalized < 0 ? (int)(-0.5 + fixedPoint) : (int)(0.5 + fixedPoint);
            }

            bounds[2 * o] = min;
            bounds[(2 * o) + 1] = max;
        }

        return (bounds, weights, kernelSize);
    }

    /// <summary>Keys' cubic convolution kernel with a = -0.5 (PIL's bicubic_filter).</summary>
    private static double Cubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
        {
            return ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1;
        }

        return x < 2.0 ? ((((((x - 5) * x) + 8) * x) - 4) * a) : 0.0;
    }

    private static byte Clip8(int value) =>
        value >= (1 << PrecisionBits << 8) ? (byte)255 : value <= 0 ? (byte)0 : (byte)(value >> PrecisionBits);

    /// <summary>PIL's RGBA to RGBa (and LA to La): color = round(color * alpha / 255) via MULDIV255.</summary>
    private static byte[] Premultiply(byte[] source, int channels)
    {
        var result = (byte[])source.Clone();
        for (int p = 0; p < result.Length; p += channels)
        {
            int alpha = result[p + channels - 1];
            for (int c = 0; c < channels - 1; c++)
            {
                int t = (result[p + c] * alpha) + 128;
                result[p + c] = (byte)(((t >> 8) + t) >> 8);
            }
        }

        return result;
    }

    /// <summary>PIL's RGBa to RGBA: color = min(255, 255 * color / alpha), unchanged when alpha is 0 or 255.</summary>
    private static void Unpremultiply(byte[] pixels, int channels)
    {
        for (int p = 0; p < pixels.Length; p += channels)
        {
            int alpha = pixels[p + channels - 1];
            if (alpha is 0 or 255)
            {
                continue;
            }

            for (int c = 0; c < channels - 1; c++)
            {
                pixels[p + c] = (byte)Math.Min(255, 255 * pixels[p + c] / alpha);
            }
        }
    }
}
