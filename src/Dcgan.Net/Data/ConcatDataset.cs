namespace Dcgan.Net.Data;

/// <summary>
/// Several data sets of the same image shape, one after the other (e.g. MNIST train + test, 70,000 images, as the
/// homework variant trains on). Index i runs through the first set, then the second, and so on.
/// </summary>
public sealed class ConcatDataset : ImageDataset
{
    private readonly ImageDataset[] _parts;
    private readonly int[] _starts;

    /// <summary>Concatenates <paramref name="parts"/> in order.</summary>
    /// <param name="parts">One or more data sets with equal <see cref="ImageDataset.ImageShape"/>.</param>
    /// <exception cref="ArgumentException">No parts, a null part, shapes differ, or the total exceeds int.MaxValue images.</exception>
    public ConcatDataset(params ImageDataset[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
        {
            throw new ArgumentException("Concatenation needs at least one data set.", nameof(parts));
        }

        _parts = (ImageDataset[])parts.Clone();
        _starts = new int[_parts.Length];
        long total = 0;
        for (int i = 0; i < _parts.Length; i++)
        {
            var part = _parts[i] ?? throw new ArgumentException($"Data set {i} is null.", nameof(parts));
            if (part.ImageShape != _parts[0].ImageShape)
            {
                throw new ArgumentException(
                    $"Data set {i} has images of shape {part.ImageShape}; data set 0 has {_parts[0].ImageShape}.", nameof(parts));
            }

            _starts[i] = (int)total;
            total += part.Count;
            if (total > int.MaxValue)
            {
                throw new ArgumentException("The concatenation holds more than int.MaxValue images.", nameof(parts));
            }
        }

        Count = (int)total;
        HasLabels = Array.TrueForAll(_parts, p => p.HasLabels);
    }

    /// <inheritdoc />
    public override int Count { get; }

    /// <inheritdoc />
    public override ImageShape ImageShape => _parts[0].ImageShape;

    /// <summary>True when every part has labels.</summary>
    public override bool HasLabels { get; }

    /// <summary>The concatenated data sets, in order.</summary>
    public IReadOnlyList<ImageDataset> Parts => _parts;

    /// <inheritdoc />
    protected override void CopyImageCore(int index, Span<float> destination)
    {
        int part = Locate(index);
        _parts[part].CopyImage(index - _starts[part], destination);
    }

    /// <inheritdoc />
    protected override int GetLabelCore(int index)
    {
        int part = Locate(index);
        return _parts[part].GetLabel(index - _starts[part]);
    }

    // Last part whose start is <= index; empty parts share a start with their successor and are skipped by the search.
    private int Locate(int index)
    {
        int i = Array.BinarySearch(_starts, index);
        if (i < 0)
        {
            return ~i - 1;
        }

        while (i + 1 < _starts.Length && _starts[i + 1] == index)
        {
            i++;
        }

        return i;
    }
}
