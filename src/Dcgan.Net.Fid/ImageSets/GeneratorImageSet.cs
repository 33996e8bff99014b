using Dcgan.Net.Data;
using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Fid;

/// <summary>Samples produced batch by batch (see <see cref="ImageSet.FromGenerator(Func{int, Tensor}, int, PixelRange, bool)"/>).</summary>
internal sealed class GeneratorImageSet : ImageSet
{
    private readonly Func<int, int, Tensor> _generate;
    private readonly PixelRange _range;
    private readonly bool _quantize;
    private readonly string _description;

    /// <param name="generate">(index of the first sample, n) to [n, C, H, W].</param>
    /// <param name="count">Number of samples.</param>
    /// <param name="range">Range of the samples.</param>
    /// <param name="quantize">Whether to round to 8 bits.</param>
    /// <param name="description">What produces the samples.</param>
    public GeneratorImageSet(Func<int, int, Tensor> generate, int count, PixelRange range, bool quantize, string description)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Image.CheckRange(range);
        _generate = generate;
        _range = range;
        _quantize = quantize;
        _description = description;
        Count = count;
    }

    public override int Count { get; }

    public override string Description => $"{_description} ({Count} samples)";

    private protected override IEnumerable<Tensor> EnumerateBatches(int batchSize, CancellationToken cancellationToken)
    {
        var buffer = new BatchBuffer(batchSize);
        for (int first = 0; first < Count; first += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(batchSize, Count - first);
            Tensor samples;
            using (GradMode.NoGrad())
            {
                samples = _generate(first, n);
            }

            if (samples is null || samples.Rank != 4 || samples.Size(0) != n || samples.Size(1) is < 1 or > 4)
            {
                string actual = samples is null ? "null" : $"[{string.Join(", ", samples.Shape.ToArray())}]";
                throw new InvalidOperationException($"The generator was asked for {n} samples and returned {actual}; expected [{n}, C, H, W] with C from 1 to 4.");
            }

            var shape = new ImageShape(samples.Size(1), samples.Size(2), samples.Size(3));
            for (int i = 0; i < n; i++)
            {
                if (!buffer.Accepts(shape))
                {
                    yield return buffer.Take();
                }

                Span<float> slot = buffer.Add(shape);
                PixelMapping.ToUnitRange(samples.AsSpan().Slice(i * shape.Size, shape.Size), slot, _range, _quantize);
                int bad = VectorOps.FirstNonFinite(slot);
                if (bad >= 0)
                {
                    throw new InvalidOperationException($"Generated sample {first + i} holds {slot[bad]} at value {bad}; samples must be finite.");
                }
            }
        }

        yield return buffer.Take();
    }
}
