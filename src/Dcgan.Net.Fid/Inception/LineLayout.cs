namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// The geometry of a <see cref="LineWinogradConv"/> on H x W planes: the line axis is the filter's (height for an
/// r x 1 kernel, width for 1 x r), of <see cref="Length"/> positions, and a line runs along the other axis, of
/// <see cref="Cross"/> positions. Lines are stored contiguously in a buffer of <see cref="PaddedLines"/> lines, the
/// first <c>r / 2</c> and the last ones zero (the padding), so that tile row t reads lines [t m, t m + α).
/// </summary>
internal readonly struct LineLayout
{
    private readonly int _width;

    /// <summary>The layout of <paramref name="spec"/> (which <see cref="LineWinograd.Applies"/> to) on <paramref name="height"/> x <paramref name="width"/> planes.</summary>
    public LineLayout(ConvSpec spec, int height, int width)
    {
        Vertical = spec.KernelW == 1;
        int taps = Vertical ? spec.KernelH : spec.KernelW;
        int outputs = LineWinograd.For(taps).Outputs;
        _width = width;
        Length = Vertical ? height : width;
        Cross = Vertical ? width : height;
        Pad = taps / 2;
        TileRows = (Length + outputs - 1) / outputs;
        PaddedLines = (TileRows * outputs) + taps - 1;
    }

    /// <summary>True for an r x 1 kernel (lines are the plane's rows), false for 1 x r (lines are its columns).</summary>
    public bool Vertical { get; }

    /// <summary>Positions along the filter's axis.</summary>
    public int Length { get; }

    /// <summary>Positions along a line: the tiles of one tile row.</summary>
    public int Cross { get; }

    /// <summary>Zero lines before the first line of the plane.</summary>
    public int Pad { get; }

    /// <summary>Tile rows of a plane: ceil(Length / m).</summary>
    public int TileRows { get; }

    /// <summary>Lines of the padded buffer.</summary>
    public int PaddedLines { get; }

    /// <summary>Tiles of one plane.</summary>
    public int TilesPerImage => TileRows * Cross;

    /// <summary>
    /// Copies <paramref name="plane"/> (H x W) into lines [Pad, Pad + Length) of <paramref name="lines"/> (lines
    /// <paramref name="stride"/> apart), at <paramref name="column"/> of each line, transposed for a 1 x r kernel;
    /// the rest of the buffer is left as it is (zero).
    /// </summary>
    public void FillLines(ReadOnlySpan<float> plane, Span<float> lines, int stride, int column)
    {
        if (Vertical)
        {
            for (int a = 0; a < Length; a++)
            {
                plane.Slice(a * _width, Cross).CopyTo(lines.Slice(((Pad + a) * stride) + column, Cross));
            }

            return;
        }

        // line Pad + x, position y = plane[y * W + x]
        Span<float> target = lines[((Pad * stride) + column)..];
        for (int y = 0; y < Cross; y++)
        {
            ReadOnlySpan<float> source = plane.Slice(y * _width, _width);
            for (int x = 0; x < source.Length; x++)
            {
                target[(x * stride) + y] = source[x];
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> output lines from <paramref name="firstLine"/> on into <paramref name="plane"/>:
    /// line i is <paramref name="values"/>[i * stride + column ..] (Cross values), a row of an r x 1 output, a column of a 1 x r one.
    /// </summary>
    public void StoreLines(ReadOnlySpan<float> values, int stride, int column, int count, Span<float> plane, int firstLine)
    {
        if (Vertical)
        {
            for (int i = 0; i < count; i++)
            {
                values.Slice((i * stride) + column, Cross).CopyTo(plane.Slice((firstLine + i) * _width, Cross));
            }

            return;
        }

        // plane[y * W + firstLine + i] = line i, position y
        for (int y = 0; y < Cross; y++)
        {
            Span<float> row = plane.Slice((y * _width) + firstLine, count);
            for (int i = 0; i < count; i++)
            {
                row[i] = values[(i * stride) + column + y];
            }
        }
    }
}
