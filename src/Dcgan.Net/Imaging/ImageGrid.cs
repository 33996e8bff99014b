namespace Dcgan.Net.Imaging;

/// <summary>
/// Tiles a batch of images into one picture, as torchvision's <c>make_grid</c> followed by <c>save_image</c>:
/// same layout, normalization and byte rounding, so a grid saved here matches torchvision's PNG pixel for pixel.
/// </summary>
public static class ImageGrid
{
    /// <summary>Builds the grid image.</summary>
    /// <param name="samples">Images as floats, shape [count, channels, height, width].</param>
    /// <param name="count">Number of images (N), at least 1.</param>
    /// <param name="channels">1 (replicated to RGB as make_grid does), 3 (RGB) or 4 (RGBA).</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="options">Layout and normalization; <see cref="ImageGridOptions.Default"/> when null.</param>
    /// <returns>An 8-bit image with 3 channels (4 for RGBA input) of size
    /// (rows * (height + padding) + padding) x (columns * (width + padding) + padding), where
    /// columns = min(ImagesPerRow, count) and rows = ceil(count / columns); a single image gets no padding.</returns>
    /// <exception cref="ArgumentException">A size or option is out of range, or <paramref name="samples"/> has the wrong length.</exception>
    public static Image Make(ReadOnlySpan<float> samples, int count, int channels, int height, int width, ImageGridOptions? options = null)
    {
        options ??= ImageGridOptions.Default;
        Check(samples.Length, count, channels, height, width, options);
        int image = channels * height * width;
        float[] values = samples.ToArray();
        if (options.Normalize)
        {
            if (options.ScaleEach)
            {
                for (int n = 0; n < count; n++)
                {
                    NormalizeInPlace(values.AsSpan(n * image, image), options.ValueRange);
                }
            }
            else
            {
                NormalizeInPlace(values, options.ValueRange);
            }
        }

        int outChannels = channels == 1 ? 3 : channels;
        int padding = count == 1 ? 0 : options.Padding;
        int columns = Math.Min(options.ImagesPerRow, count);
        int rows = (count + columns - 1) / columns;
        int cellHeight = height + padding;
        int cellWidth = width + padding;
        long gridHeight = ((long)cellHeight * rows) + padding;
        long gridWidth = ((long)cellWidth * columns) + padding;
        if (gridHeight * gridWidth * outChannels > Array.MaxLength)
        {
            throw new ArgumentException($"A grid of {gridWidth}x{gridHeight} pixels is too large.", nameof(count));
        }

        var data = new byte[gridHeight * gridWidth * outChannels];
        data.AsSpan().Fill(Image.ToByte(options.PadValue));
        for (int n = 0; n < count; n++)
        {
            int top = ((n / columns) * cellHeight) + padding;
            int left = ((n % columns) * cellWidth) + padding;
            for (int c = 0; c < outChannels; c++)
            {
                var plane = values.AsSpan((n * image) + (channels == 1 ? 0 : c * height * width), height * width);
                for (int y = 0; y < height; y++)
                {
                    long rowStart = (((top + y) * gridWidth) + left) * outChannels;
                    for (int x = 0; x < width; x++)
                    {
                        data[rowStart + (x * outChannels) + c] = Image.ToByte(plane[(y * width) + x]);
                    }
                }
            }
        }

        return new Image((int)gridWidth, (int)gridHeight, outChannels, data);
    }

    /// <summary>Builds the grid and writes it as a PNG file at <paramref name="path"/>, like torchvision's <c>save_image</c>.</summary>
    /// <param name="path">Destination file path (overwritten if present).</param>
    /// <param name="samples">Images as floats, shape [count, channels, height, width].</param>
    /// <param name="count">Number of images.</param>
    /// <param name="channels">1, 3 or 4.</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="options">Layout and normalization; <see cref="ImageGridOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">See <see cref="Make"/>.</exception>
    public static void Save(string path, ReadOnlySpan<float> samples, int count, int channels, int height, int width, ImageGridOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PngEncoder.Save(Make(samples, count, channels, height, width, options), path);
    }

    /// <summary>make_grid's norm_ip: clamp to [low, high], subtract low, divide by max(high - low, 1e-5).</summary>
    private static void NormalizeInPlace(Span<float> values, (float Low, float High)? range)
    {
        float low;
        float high;
        if (range is { } given)
        {
            (low, high) = given;
        }
        else
        {
            low = float.PositiveInfinity;
            high = float.NegativeInfinity;
            foreach (float v in values)
            {
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
        }

        // torchvision computes high - low in double (Python floats), then divides the float32 tensor by it.
        float divisor = (float)Math.Max((double)high - low, 1e-5);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (Math.Clamp(values[i], low, high) - low) / divisor;
        }
    }

    private static void Check(int samples, int count, int channels, int height, int width, ImageGridOptions options)
    {
        if (count < 1 || height < 1 || width < 1)
        {
            throw new ArgumentException($"Sizes [N, C, H, W] = [{count}, {channels}, {height}, {width}] must be at least 1.", nameof(count));
        }

        if (channels is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Grid images need 1, 3 or 4 channels.");
        }

        long expected = (long)count * channels * height * width;
        if (samples != expected)
        {
            throw new ArgumentException($"Samples hold {samples} floats; [N, C, H, W] = [{count}, {channels}, {height}, {width}] needs {expected}.", nameof(samples));
        }

        if (options.ImagesPerRow < 1 || options.Padding < 0)
        {
            throw new ArgumentException($"ImagesPerRow ({options.ImagesPerRow}) must be at least 1 and Padding ({options.Padding}) at least 0.", nameof(options));
        }

        if (options.ValueRange is { } range && !(range.Low <= range.High))
        {
            throw new ArgumentException($"ValueRange ({range.Low}, {range.High}) must have low <= high.", nameof(options));
        }
    }
}
