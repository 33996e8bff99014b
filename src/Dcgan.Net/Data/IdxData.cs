namespace Dcgan.Net.Data;

/// <summary>
/// The contents of an IDX file with unsigned 8-bit data: its dimensions and the values in C order (last index
/// fastest). MNIST images have dimensions [count, rows, cols]; labels have [count].
/// </summary>
public sealed class IdxData
{
    private readonly int[] _dimensions;

    internal IdxData(int magic, int[] dimensions, byte[] values)
    {
        Magic = magic;
        _dimensions = dimensions;
        Bytes = values;
    }

    /// <summary>The magic number, e.g. 0x00000803 for a 3-dimensional uint8 array (MNIST images).</summary>
    public int Magic { get; }

    /// <summary>Dimension sizes, outermost first.</summary>
    public IReadOnlyList<int> Dimensions => _dimensions;

    /// <summary>The values in C order; the length is the product of <see cref="Dimensions"/>.</summary>
    public ReadOnlyMemory<byte> Values => Bytes;

    /// <summary>Size of the first dimension (number of images or labels).</summary>
    public int Count => _dimensions[0];

    internal byte[] Bytes { get; }
}
