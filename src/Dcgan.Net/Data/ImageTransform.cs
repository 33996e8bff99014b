namespace Dcgan.Net.Data;

/// <summary>
/// A per-image transform on [C, H, W] float planes, applied when a data set is read
/// (see <see cref="ImageDataset.WithTransforms"/>). Subclass it for custom transforms.
/// </summary>
public abstract class ImageTransform
{
    /// <summary>The shape this transform produces from <paramref name="input"/>.</summary>
    /// <param name="input">Shape of the incoming image.</param>
    /// <returns>Shape of the outgoing image.</returns>
    /// <exception cref="ArgumentException">The transform cannot take images of this shape.</exception>
    public abstract ImageShape GetOutputShape(ImageShape input);

    /// <summary>Transforms one image.</summary>
    /// <param name="source">The input image, [C, H, W] of <paramref name="sourceShape"/>.</param>
    /// <param name="sourceShape">Shape of <paramref name="source"/>.</param>
    /// <param name="destination">The output image, exactly <c>GetOutputShape(sourceShape).Size</c> values; never
    /// overlaps <paramref name="source"/>.</param>
    public abstract void Apply(ReadOnlySpan<float> source, ImageShape sourceShape, Span<float> destination);

    /// <summary>
    /// Pads every side of each plane by <paramref name="padding"/> pixels of <paramref name="value"/>, like
    /// <c>np.pad(x, ((0, 0), (p, p), (p, p)))</c>: MNIST's 28x28 becomes 32x32 with <c>Pad(2)</c>.
    /// </summary>
    /// <param name="padding">Pixels added on each side, at least 0.</param>
    /// <param name="value">Fill value. Default 0, which is black for raw pixels: pad before normalising, as the
    /// PyTorch reference does, so the border becomes -1 in [-1, 1].</param>
    /// <returns>The transform.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="padding"/> is negative.</exception>
    public static PadTransform Pad(int padding, float value = 0f) => new(padding, value);

    /// <summary>
    /// Bilinear resize of each plane to <paramref name="height"/> x <paramref name="width"/>, as
    /// <c>torch.nn.functional.interpolate(x, size, mode="bilinear", align_corners=False)</c> (no antialiasing).
    /// </summary>
    /// <param name="height">Output height, at least 1.</param>
    /// <param name="width">Output width, at least 1.</param>
    /// <returns>The transform.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static BilinearResizeTransform Resize(int height, int width) => new(height, width);

    /// <summary>Maps raw pixel values 0-255 to <paramref name="range"/>.</summary>
    /// <param name="range">The target range.</param>
    /// <returns>The transform.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown range.</exception>
    public static NormalizeTransform Normalize(PixelScale range) => new(range);

    /// <summary>
    /// The standard preparation of raw images: 28 to 32 pads by 2 (as the PyTorch reference), other size changes resize
    /// bilinearly, then the pixel range is applied.
    /// </summary>
    internal static ImageDataset Prepare(ImageDataset raw, int imageSize, PixelScale range)
    {
        var transforms = new List<ImageTransform>(2);
        ImageShape shape = raw.ImageShape;
        if (shape.Height == 28 && shape.Width == 28 && imageSize == 32)
        {
            transforms.Add(ImageTransform.Pad(2));
        }
        else if (shape.Height != imageSize || shape.Width != imageSize)
        {
            transforms.Add(ImageTransform.Resize(imageSize, imageSize));
        }

        if (range != PixelScale.Raw)
        {
            transforms.Add(ImageTransform.Normalize(range));
        }

        return transforms.Count == 0 ? raw : raw.WithTransforms([.. transforms]);
    }
}
