namespace Dcgan.Net.Tensors.Serialization;

/// <summary>One storage of a checkpoint (a zip record <c>data/&lt;key&gt;</c> or a legacy storage block).</summary>
internal sealed class TorchCheckpointStorage(string key, DataType dataType, long elementCount)
{
    public string Key { get; } = key;

    public DataType DataType { get; } = dataType;

    public long ElementCount { get; } = elementCount;

    /// <summary>The little-endian bytes, filled in after the pickle has been read.</summary>
    public byte[]? Data { get; set; }
}

/// <summary>A range of a storage as a persistent id names it (the whole storage, or a legacy storage view).</summary>
internal sealed record TorchCheckpointStorageSlice(TorchCheckpointStorage Root, long Offset, long Length);

/// <summary>A tensor as pickled: a strided view of a storage, materialized once the storage bytes are known.</summary>
internal sealed class TorchCheckpointTensor(TorchCheckpointStorage storage, long offset, long[] size, long[] stride, long elementCount)
{
    public TorchCheckpointStorage Storage { get; } = storage;

    /// <summary>Offset of element (0, 0, ...) in the storage, in elements.</summary>
    public long Offset { get; } = offset;

    public long[] Size { get; } = size;

    public long[] Stride { get; } = stride;

    public long ElementCount { get; } = elementCount;

    /// <summary>Identifies the view so that identical views (tied weights) share one <see cref="RawArray"/>.</summary>
    public string ViewKey => $"{Storage.Key}|{Offset}|{string.Join(',', Size)}|{string.Join(',', Stride)}";

    public override string ToString() => $"tensor({Storage.DataType}, [{string.Join(", ", Size)}])";
}
