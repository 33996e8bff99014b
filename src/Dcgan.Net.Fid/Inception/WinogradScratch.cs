namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// The buffers one thread needs for a chunk of Winograd tiles (<see cref="WinogradConv"/>). They grow to the
/// largest size asked for and are then reused. New buffers are zeroed, so the pad columns of a row (rounded up
/// to whole vectors) that no product writes hold finite values. Not thread-safe.
/// </summary>
internal sealed class WinogradScratch
{
    private float[] _patches = [];
    private float[] _transformed = [];
    private float[] _products = [];
    private float[] _rows = [];
    private float[] _line = [];
    private WinogradRun[] _runs = [];

    /// <summary>The 16 rows of input patch values.</summary>
    public Span<float> Patches(int length) => Grow(ref _patches, length);

    /// <summary>The 16 transformed input matrices V_k.</summary>
    public Span<float> Transformed(int length) => Grow(ref _transformed, length);

    /// <summary>The 16 products M_k.</summary>
    public Span<float> Products(int length) => Grow(ref _products, length);

    /// <summary>The four rows of output tile values of one channel.</summary>
    public Span<float> Rows(int length) => Grow(ref _rows, length);

    /// <summary>One zero-padded input row.</summary>
    public Span<float> Line(int length) => Grow(ref _line, length);

    /// <summary>The runs of tiles of a chunk.</summary>
    public Span<WinogradRun> Runs(int length)
    {
        if (_runs.Length < length)
        {
            _runs = new WinogradRun[length];
        }

        return _runs.AsSpan(0, length);
    }

    private static Span<float> Grow(ref float[] array, int length)
    {
        if (array.Length < length)
        {
            array = new float[length];
        }

        return array.AsSpan(0, length);
    }
}
