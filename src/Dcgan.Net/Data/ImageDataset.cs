using Dcgan.Net.Tensors;

namespace Dcgan.Net.Data;

/// <summary>
/// A fixed-size, indexable collection of images of one shape [C, H, W], each with an optional integer label.
/// Images are delivered as float32 values; what they mean (raw 0-255 pixels, [-1, 1], [0, 1]) depends on the
/// data set and the transforms applied (see <see cref="WithTransforms"/>).
/// </summary>
/// <remarks>
/// Implementations override <see cref="CopyImageCore"/> and, when labelled, <see cref="GetLabelCore"/>; the public
/// members check arguments first. Reading images concurrently from several threads is safe for the data sets of this
/// namespace.
/// </remarks>
public abstract class ImageDataset
{
    /// <summary>Number of images.</summary>
    public abstract int Count { get; }

    /// <summary>Shape of every image, [C, H, W].</summary>
    public abstract ImageShape ImageShape { get; }

    /// <summary>Whether every image has a label (<see cref="GetLabel"/> works).</summary>
    public abstract bool HasLabels { get; }

    /// <summary>Writes image <paramref name="index"/> into <paramref name="destination"/> as [C, H, W] floats.</summary>
    /// <param name="index">Image index, 0 to Count - 1.</param>
    /// <param name="destination">At least <see cref="ImageShape.Size"/> values; only the first Size are written.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public void CopyImage(int index, Span<float> destination)
    {
        CheckIndex(index);
        int size = ImageShape.Size;
        if (destination.Length < size)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} values; an image of shape {ImageShape} needs {size}.", nameof(destination));
        }

        CopyImageCore(index, destination[..size]);
    }

    /// <summary>Image <paramref name="index"/> as a new tensor of shape [C, H, W].</summary>
    /// <param name="index">Image index, 0 to Count - 1.</param>
    /// <returns>A new tensor that owns its values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public Tensor GetImage(int index)
    {
        var shape = ImageShape;
        var values = new float[shape.Size];
        CopyImage(index, values);
        return Tensor.Wrap(values, shape.Channels, shape.Height, shape.Width);
    }

    /// <summary>The label of image <paramref name="index"/>.</summary>
    /// <param name="index">Image index, 0 to Count - 1.</param>
    /// <returns>The label (for MNIST, Fashion-MNIST and CIFAR-10 a class 0-9).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    /// <exception cref="InvalidOperationException">The data set has no labels.</exception>
    public int GetLabel(int index)
    {
        CheckIndex(index);
        if (!HasLabels)
        {
            throw new InvalidOperationException($"{GetType().Name} has no labels.");
        }

        return GetLabelCore(index);
    }

    /// <summary>
    /// A view of this data set whose images pass through <paramref name="transforms"/> in order (nothing is copied
    /// or precomputed; each image is transformed when read).
    /// </summary>
    /// <param name="transforms">Transforms applied first to last, e.g. <c>ImageTransform.Pad(2)</c> then
    /// <c>ImageTransform.Normalize(PixelScale.MinusOneToOne)</c>.</param>
    /// <returns>The transformed view; labels are unchanged.</returns>
    /// <exception cref="ArgumentException">A transform does not accept the shape produced by the previous one.</exception>
    public ImageDataset WithTransforms(params ImageTransform[] transforms) => new TransformedDataset(this, transforms);

    /// <summary>
    /// One epoch of image batches [B, C, H, W], for <c>foreach (var batch in data.Batches(64)) trainer.Step(batch);</c>.
    /// Use a <see cref="DataLoader"/> for labels, endless iteration or checkpointed positions.
    /// </summary>
    /// <param name="batchSize">Images per batch, at least 1.</param>
    /// <param name="shuffle">Whether to visit the images in a random order. Default true.</param>
    /// <param name="seed">Seed of the shuffle. Default 0.</param>
    /// <param name="dropLast">Whether to skip the last incomplete batch. Default true.</param>
    /// <returns>A lazy sequence of batches. They share one buffer: each tensor is valid only until the next one is
    /// produced (call <c>Clone()</c> to keep one).</returns>
    /// <exception cref="ArgumentException">The data set is empty or, with <paramref name="dropLast"/>, smaller than one batch.</exception>
    public IEnumerable<Tensor> Batches(int batchSize, bool shuffle = true, ulong seed = 0, bool dropLast = true)
    {
        var loader = new DataLoader(this, new DataLoaderOptions { BatchSize = batchSize, Shuffle = shuffle, Seed = seed, DropLast = dropLast });
        return loader.EnumerateEpoch().Select(b => b.Images);
    }

    /// <summary>Writes image <paramref name="index"/> (already range-checked) into exactly Size values.</summary>
    /// <param name="index">Image index, 0 to Count - 1.</param>
    /// <param name="destination">Exactly <see cref="ImageShape.Size"/> values.</param>
    protected abstract void CopyImageCore(int index, Span<float> destination);

    /// <summary>Label of image <paramref name="index"/> (already range-checked); called only when <see cref="HasLabels"/>.</summary>
    /// <param name="index">Image index, 0 to Count - 1.</param>
    /// <returns>The label.</returns>
    protected virtual int GetLabelCore(int index) => throw new InvalidOperationException($"{GetType().Name} has no labels.");

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The data set holds {Count} images.");
        }
    }
}
