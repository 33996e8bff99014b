namespace Dcgan.Net.Data;

/// <summary>
/// Images stored as unsigned bytes in [N, C, H, W] order, delivered as float32 values 0-255 (no scaling; add
/// <see cref="ImageTransform.Normalize"/> for [-1, 1] or [0, 1]). MNIST, Fashion-MNIST and CIFAR-10 load into this type.
/// </summary>
public sealed class ByteImageDataset : ImageDataset
{
    private readonly byte[] _pixels;
    private readonly int[]? _labels;
    private readonly int _count;

    /// <summary>Creates a data set over <paramref name="pixels"/> (not copied: later changes to the array show through).</summary>
    /// <param name="pixels">The images, [N, C, H, W] bytes; the length must be a whole number of images.</param>
    /// <param name="shape">Shape of one image.</param>
    /// <param name="labels">One label per image, or null for an unlabelled set (not copied).</param>
    /// <exception cref="ArgumentException">The pixel count is not a multiple of the image size, or the label count differs from the image count.</exception>
    public ByteImageDataset(byte[] pixels, ImageShape shape, int[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length % shape.Size != 0)
        {
            throw new ArgumentException(
                $"{pixels.Length} bytes are not a whole number of {shape} images ({shape.Size} bytes each).", nameof(pixels));
        }

        _count = pixels.Length / shape.Size;
        if (labels is not null && labels.Length != _count)
        {
            throw new ArgumentException($"There are {_count} images but {labels.Length} labels.", nameof(labels));
        }

        _pixels = pixels;
        _labels = labels;
        ImageShape = shape;
    }

    /// <inheritdoc />
    public override int Count => _count;

    /// <inheritdoc />
    public override ImageShape ImageShape { get; }

    /// <inheritdoc />
    public override bool HasLabels => _labels is not null;

    /// <summary>The bytes of image <paramref name="index"/>, [C, H, W].</summary>
    /// <param name="index">Image index, 0 to Count - 1.</param>
    /// <returns>A read-only view of the stored bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public ReadOnlySpan<byte> GetPixels(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The data set holds {_count} images.");
        }

        return _pixels.AsSpan(index * ImageShape.Size, ImageShape.Size);
    }

    /// <inheritdoc />
    protected override void CopyImageCore(int index, Span<float> destination)
    {
        ReadOnlySpan<byte> source = _pixels.AsSpan(index * ImageShape.Size, ImageShape.Size);
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    /// <inheritdoc />
    protected override int GetLabelCore(int index) => _labels![index];
}
