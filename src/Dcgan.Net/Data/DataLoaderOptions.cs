namespace Dcgan.Net.Data;

/// <summary>Settings of a <see cref="DataLoader"/>; every property documents its default.</summary>
public sealed class DataLoaderOptions
{
    /// <summary>Images per batch. Default 64 (the homework's batch size).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Whether each epoch visits the images in a new random order. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// Whether the last, incomplete batch of an epoch is skipped. Default true, as the PyTorch reference (which starts a
    /// new permutation when fewer than a batch of images remain): every batch then has exactly <see cref="BatchSize"/> images.
    /// </summary>
    public bool DropLast { get; init; } = true;

    /// <summary>Seed of the loader's own <see cref="Tensors.TensorGenerator"/> used for shuffling. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Whether batches are written into buffers owned by the loader and reused from batch to batch (default true):
    /// no large arrays are allocated per step, but a batch's values are overwritten when the next batch is produced.
    /// When false every batch gets new arrays and stays valid.
    /// </summary>
    public bool ReuseBuffers { get; init; } = true;
}
