using Dcgan.Net.Data;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Fid;

/// <summary>
/// Gathers consecutive images of one shape into batches [n, C, H, W] of at most the batch size: a batch ends when it is
/// full or the next image has another shape, which is how folders of mixed sizes work (pytorch-fid's DataLoader cannot
/// stack them). The storage grows to one full batch and is reused: a batch from <see cref="Take"/> is valid until the
/// next image is added.
/// </summary>
internal sealed class BatchBuffer(int batchSize)
{
    private float[] _values = [];
    private ImageShape _shape;

    /// <summary>Images gathered so far.</summary>
    public int Count { get; private set; }

    /// <summary>Whether an image of <paramref name="shape"/> can join the current batch.</summary>
    public bool Accepts(ImageShape shape) => Count == 0 || (Count < batchSize && shape == _shape);

    /// <summary>The [C, H, W] slot of the next image; call only when <see cref="Accepts"/> is true.</summary>
    public Span<float> Add(ImageShape shape)
    {
        if (Count == 0)
        {
            _shape = shape;
        }

        long needed = (long)(Count + 1) * shape.Size;
        if (_values.Length < needed)
        {
            long grown = Math.Min(Math.Max(needed, 2L * _values.Length), (long)batchSize * shape.Size);
            if (grown > Array.MaxLength)
            {
                throw new InvalidOperationException(
                    $"A batch of {batchSize} images of {shape} does not fit in one array; use a smaller batch size.");
            }

            var larger = new float[grown];
            _values.AsSpan(0, Count * shape.Size).CopyTo(larger);
            _values = larger;
        }

        return _values.AsSpan(Count++ * shape.Size, shape.Size);
    }

    /// <summary>The gathered images as a tensor [n, C, H, W] over the buffer; the buffer starts a new batch.</summary>
    public Tensor Take()
    {
        var batch = Tensor.Wrap(_values, Count, _shape.Channels, _shape.Height, _shape.Width);
        Count = 0;
        return batch;
    }
}
