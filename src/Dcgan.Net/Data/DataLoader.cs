using Dcgan.Net.Tensors;

namespace Dcgan.Net.Data;

/// <summary>
/// Serves an <see cref="ImageDataset"/> as batches [B, C, H, W] for training: seeded shuffling with a new permutation
/// every epoch, a fixed batch size, optional dropping of the last incomplete batch, and endless iteration across
/// epochs. Its position and generator state can be saved (<see cref="GetState"/>) and restored for checkpoints.
/// </summary>
/// <remarks>
/// <para>The loader owns a <see cref="TensorGenerator"/> seeded with <see cref="DataLoaderOptions.Seed"/>; the
/// permutation of each epoch is <c>generator.Permutation(Count)</c> drawn when the epoch starts.</para>
/// <para>With <see cref="DataLoaderOptions.ReuseBuffers"/> (the default) every batch is written into the same arrays:
/// a yielded batch stays valid only until the next one is requested. Not thread-safe.</para>
/// </remarks>
public sealed class DataLoader
{
    private readonly TensorGenerator _generator;
    private readonly int _count;
    private float[]? _images;
    private int[]? _labels;
    private float[]? _tailImages;
    private int[]? _tailLabels;
    private int[] _order = [];
    private ulong[] _epochStartState = [];
    private int _orderEpoch = -1;
    private int _epoch;
    private int _batchIndex;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The images; its size must not change while the loader is used.</param>
    /// <param name="options">Batch size, shuffle, drop-last, seed, buffer reuse; defaults from <see cref="DataLoaderOptions"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is below 1.</exception>
    /// <exception cref="ArgumentException">The data set is empty, or with DropLast holds fewer images than one batch.</exception>
    public DataLoader(ImageDataset dataset, DataLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new DataLoaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        Dataset = dataset;
        BatchSize = options.BatchSize;
        Shuffle = options.Shuffle;
        DropLast = options.DropLast;
        ReuseBuffers = options.ReuseBuffers;
        _count = dataset.Count;
        BatchesPerEpoch = DropLast ? _count / BatchSize : (int)(((long)_count + BatchSize - 1) / BatchSize);
        if (BatchesPerEpoch == 0)
        {
            throw new ArgumentException(
                _count == 0
                    ? "The data set is empty."
                    : $"The data set holds {_count} images, fewer than one batch of {BatchSize}, and DropLast is set.",
                nameof(dataset));
        }

        _generator = new TensorGenerator(options.Seed);
    }

    /// <summary>The data set served.</summary>
    public ImageDataset Dataset { get; }

    /// <summary>Images per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether every epoch is shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether the last incomplete batch of an epoch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Whether batch buffers are reused (a batch is valid only until the next one).</summary>
    public bool ReuseBuffers { get; }

    /// <summary>Batches per epoch: Count / BatchSize, rounded down with DropLast, up without.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The epoch the next batch comes from, from 0.</summary>
    public int Epoch => _batchIndex == BatchesPerEpoch ? _epoch + 1 : _epoch;

    /// <summary>Index of the next batch within <see cref="Epoch"/>.</summary>
    public int BatchIndex => _batchIndex == BatchesPerEpoch ? 0 : _batchIndex;

    /// <summary>The next batch; after the last batch of an epoch the next epoch starts (reshuffled), so this never ends.</summary>
    /// <returns>The batch (see the remarks on <see cref="DataLoader"/> about buffer reuse).</returns>
    public DataBatch Next()
    {
        if (_batchIndex == BatchesPerEpoch)
        {
            _epoch++;
            _batchIndex = 0;
        }

        if (_orderEpoch != _epoch)
        {
            BeginEpoch();
        }

        int start = _batchIndex * BatchSize;
        int size = Math.Min(BatchSize, _count - start);
        DataBatch batch = Fill(start, size);
        _batchIndex++;
        return batch;
    }

    /// <summary>The next <paramref name="steps"/> batches, crossing epoch boundaries as needed (for "train N steps").</summary>
    /// <param name="steps">Number of batches, at least 0.</param>
    /// <returns>A lazy sequence; each batch is produced when the enumeration reaches it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public IEnumerable<DataBatch> Take(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        return TakeIterator(steps);
    }

    /// <summary>The remaining batches of the current epoch (all of them when called at an epoch start).</summary>
    /// <returns>A lazy sequence ending at the epoch boundary.</returns>
    public IEnumerable<DataBatch> EnumerateEpoch()
    {
        int epoch = Epoch;
        while (Epoch == epoch)
        {
            yield return Next();
        }
    }

    /// <summary>The current position and shuffle state, for a checkpoint.</summary>
    /// <returns>A state for <see cref="SetState"/>.</returns>
    public DataLoaderState GetState()
    {
        bool started = _orderEpoch == _epoch && _batchIndex < BatchesPerEpoch;
        ulong[] generator = started ? _epochStartState : _generator.GetState();
        return new DataLoaderState(Epoch, BatchIndex, generator, _count, BatchSize);
    }

    /// <summary>Continues from a state taken with <see cref="GetState"/>, possibly by another loader instance.</summary>
    /// <param name="state">The saved state.</param>
    /// <exception cref="ArgumentException">The state is from a data set of another size or another batch size, or is out of range.</exception>
    public void SetState(DataLoaderState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.DatasetCount != _count || state.BatchSize != BatchSize)
        {
            throw new ArgumentException(
                $"The state is from {state.DatasetCount} images in batches of {state.BatchSize}; this loader has {_count} in batches of {BatchSize}.",
                nameof(state));
        }

        if (state.Epoch < 0 || state.BatchIndex < 0 || state.BatchIndex >= BatchesPerEpoch)
        {
            throw new ArgumentException(
                $"Epoch {state.Epoch}, batch {state.BatchIndex} is out of range ({BatchesPerEpoch} batches per epoch).", nameof(state));
        }

        _generator.SetState([.. state.GeneratorState]);
        _epoch = state.Epoch;
        _batchIndex = state.BatchIndex;
        BeginEpoch();
    }

    private IEnumerable<DataBatch> TakeIterator(int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            yield return Next();
        }
    }

    private void BeginEpoch()
    {
        _epochStartState = _generator.GetState();
        if (Shuffle)
        {
            _order = _generator.Permutation(_count);
        }
        else if (_order.Length != _count)
        {
            _order = new int[_count];
            for (int i = 0; i < _count; i++)
            {
                _order[i] = i;
            }
        }

        _orderEpoch = _epoch;
    }

    private DataBatch Fill(int start, int size)
    {
        ImageShape shape = Dataset.ImageShape;
        int imageSize = shape.Size;
        bool labelled = Dataset.HasLabels;
        float[] images;
        int[]? labels;
        if (!ReuseBuffers)
        {
            images = new float[size * imageSize];
            labels = labelled ? new int[size] : null;
        }
        else if (size == BatchSize)
        {
            images = _images ??= new float[size * imageSize];
            labels = labelled ? _labels ??= new int[size] : null;
        }
        else
        {
            images = _tailImages ??= new float[size * imageSize];
            labels = labelled ? _tailLabels ??= new int[size] : null;
        }

        for (int i = 0; i < size; i++)
        {
            int index = _order[start + i];
            Dataset.CopyImage(index, images.AsSpan(i * imageSize, imageSize));
            if (labels is not null)
            {
                labels[i] = Dataset.GetLabel(index);
            }
        }

        var tensor = Tensor.Wrap(images, size, shape.Channels, shape.Height, shape.Width);
        return new DataBatch(tensor, labels, size, _epoch, _batchIndex);
    }
}
