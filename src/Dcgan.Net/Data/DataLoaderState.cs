namespace Dcgan.Net.Data;

/// <summary>
/// Where a <see cref="DataLoader"/> stands, for checkpoints: restoring it with <see cref="DataLoader.SetState"/> on a
/// loader over the same data set with the same batch size continues with exactly the batches an uninterrupted loader
/// would have produced.
/// </summary>
public sealed class DataLoaderState
{
    /// <summary>Creates a state.</summary>
    /// <param name="epoch">The epoch the next batch belongs to, from 0.</param>
    /// <param name="batchIndex">Index of the next batch within that epoch.</param>
    /// <param name="generatorState">The shuffle generator's four state words at the start of that epoch (before its
    /// permutation was drawn).</param>
    /// <param name="datasetCount">Number of images in the data set, checked on restore.</param>
    /// <param name="batchSize">Batch size, checked on restore.</param>
    public DataLoaderState(int epoch, int batchIndex, IReadOnlyList<ulong> generatorState, int datasetCount, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(generatorState);
        Epoch = epoch;
        BatchIndex = batchIndex;
        GeneratorState = [.. generatorState];
        DatasetCount = datasetCount;
        BatchSize = batchSize;
    }

    /// <summary>The epoch the next batch belongs to, from 0.</summary>
    public int Epoch { get; init; }

    /// <summary>Index of the next batch within <see cref="Epoch"/>.</summary>
    public int BatchIndex { get; init; }

    /// <summary>The shuffle generator's state at the start of <see cref="Epoch"/> (four words).</summary>
    public IReadOnlyList<ulong> GeneratorState { get; init; }

    /// <summary>Number of images in the data set the state was taken from.</summary>
    public int DatasetCount { get; init; }

    /// <summary>Batch size of the loader the state was taken from.</summary>
    public int BatchSize { get; init; }
}
