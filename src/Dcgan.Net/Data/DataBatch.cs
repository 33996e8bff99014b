using Dcgan.Net.Tensors;

namespace Dcgan.Net.Data;

/// <summary>
/// One batch from a <see cref="DataLoader"/>: images [B, C, H, W] and, for labelled data sets, their labels.
/// With <see cref="DataLoaderOptions.ReuseBuffers"/> (the default) the values are overwritten when the loader
/// produces its next batch; call <c>Images.Clone()</c> or copy the labels to keep them.
/// </summary>
public sealed class DataBatch
{
    private readonly int[]? _labels;

    internal DataBatch(Tensor images, int[]? labels, int count, int epoch, int batchIndex)
    {
        Images = images;
        _labels = labels;
        Count = count;
        Epoch = epoch;
        BatchIndex = batchIndex;
    }

    /// <summary>The images, [B, C, H, W]; a leaf tensor that does not require grad.</summary>
    public Tensor Images { get; }

    /// <summary>Number of images B (the batch size, or fewer for a last batch kept with DropLast = false).</summary>
    public int Count { get; }

    /// <summary>Whether <see cref="Labels"/> holds labels.</summary>
    public bool HasLabels => _labels is not null;

    /// <summary>The B labels, or empty when the data set has none.</summary>
    public ReadOnlySpan<int> Labels => _labels is null ? [] : _labels.AsSpan(0, Count);

    /// <summary>The epoch this batch belongs to, from 0.</summary>
    public int Epoch { get; }

    /// <summary>Index of this batch within its epoch, from 0.</summary>
    public int BatchIndex { get; }
}
