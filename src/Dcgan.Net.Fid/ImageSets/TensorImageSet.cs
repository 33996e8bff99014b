using Dcgan.Net.Data;
using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Fid;

/// <summary>Tensors [N, C, H, W] in memory (see <see cref="ImageSet.FromTensors"/>).</summary>
internal sealed class TensorImageSet : ImageSet
{
    private readonly Tensor[] _tensors;
    private readonly PixelRange _range;
    private readonly bool _quantize;

    public TensorImageSet(Tensor[] tensors, PixelRange range, bool quantize)
    {
        Image.CheckRange(range);
        if (tensors.Length == 0)
        {
            throw new ArgumentException("No tensors were given; an image set needs at least one image.", nameof(tensors));
        }

        long count = 0;
        for (int t = 0; t < tensors.Length; t++)
        {
            count += Check(tensors[t], t, range);
        }

        if (count > int.MaxValue)
        {
            throw new ArgumentException($"The tensors hold {count} images; an image set holds at most {int.MaxValue}.", nameof(tensors));
        }

        _tensors = tensors;
        _range = range;
        _quantize = quantize;
        Count = (int)count;
    }

    public override int Count { get; }

    public override string Description => _tensors.Length == 1 ? $"tensor ({Count} images)" : $"{_tensors.Length} tensors ({Count} images)";

    private protected override IEnumerable<Tensor> EnumerateBatches(int batchSize, CancellationToken cancellationToken)
    {
        var buffer = new BatchBuffer(batchSize);
        foreach (Tensor tensor in _tensors)
        {
            var shape = new ImageShape(tensor.Size(1), tensor.Size(2), tensor.Size(3));
            for (int i = 0; i < tensor.Size(0); i++)
            {
                if (!buffer.Accepts(shape))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return buffer.Take();
                }

                PixelMapping.ToUnitRange(tensor.AsSpan().Slice(i * shape.Size, shape.Size), buffer.Add(shape), _range, _quantize);
            }
        }

        yield return buffer.Take();
    }

    private static int Check(Tensor tensor, int index, PixelRange range)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank != 4 || tensor.Size(0) < 1 || tensor.Size(1) is < 1 or > 4)
        {
            throw new ArgumentException(
                $"Tensor {index} has shape [{string.Join(", ", tensor.Shape.ToArray())}]; images are [N, C, H, W] with N >= 1 and C from 1 to 4.",
                nameof(tensor));
        }

        int bad = PixelMapping.FirstOutOfRange(tensor.AsSpan(), range);
        if (bad >= 0)
        {
            int size = tensor.Count / tensor.Size(0);
            string expected = range == PixelRange.ZeroToOne ? "[0, 1] (pass PixelRange.MinusOneToOne for [-1, 1] images)" : "[-1, 1]";
            throw new ArgumentException(
                $"Tensor {index}, image {bad / size}, value {bad % size} is {tensor.AsSpan()[bad]}; values must lie in {expected}.", nameof(tensor));
        }

        return tensor.Size(0);
    }
}
