namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// The t x t output tiles (t = <see cref="Tile"/>: 2 for F(2x2, 3x3) and F(2x2, 5x5), 4 for F(4x4, 3x3)) of a
/// k x k convolution (k = <see cref="Kernel"/>) of stride s (<see cref="Stride"/>: 1, or 2 for
/// <see cref="StrideTwoWinograd"/>) over a sub-batch, numbered image by image and row by row:
/// tile (b, ty, tx) is number <c>(b * TilesY + ty) * TilesX + tx</c>, covers output rows t ty .. t ty + t - 1 and
/// the same columns from t tx (the last row or column of tiles sticks out when the output side is no multiple of
/// t), and reads the (s (t - 1) + k) square input patch whose top-left corner is at (s t ty - PadH, s t tx - PadW),
/// zero outside the input.
/// </summary>
internal readonly record struct WinogradGrid(int Images, int Height, int Width, int PadH, int PadW, int Tile = 2, int Kernel = 3, int Stride = 1)
{
    /// <summary>Output rows.</summary>
    public int OutHeight => ((Height + (2 * PadH) - Kernel) / Stride) + 1;

    /// <summary>Output columns.</summary>
    public int OutWidth => ((Width + (2 * PadW) - Kernel) / Stride) + 1;

    /// <summary>Rows of tiles per image.</summary>
    public int TilesY => (OutHeight + Tile - 1) / Tile;

    /// <summary>Tiles per row.</summary>
    public int TilesX => (OutWidth + Tile - 1) / Tile;

    /// <summary>Tiles per image.</summary>
    public int TilesPerImage => TilesY * TilesX;

    /// <summary>Tiles of the sub-batch.</summary>
    public int Count => Images * TilesPerImage;

    /// <summary>The grid of <paramref name="tile"/> x <paramref name="tile"/> tiles of a square <paramref name="spec"/> on <paramref name="input"/>.</summary>
    public static WinogradGrid Of(ConvSpec spec, in Activation input, int tile) => new(input.Images, input.Height, input.Width, spec.PadH, spec.PadW, tile, spec.KernelH, spec.Stride);

    /// <summary>
    /// Splits tiles [first, first + count) into runs along tile rows (<see cref="RunAt"/>) into
    /// <paramref name="runs"/> (at least count / TilesX + 2 long); returns how many.
    /// </summary>
    public int Runs(int first, int count, Span<WinogradRun> runs)
    {
        int n = 0;
        for (int t = first; t < first + count; n++)
        {
            (int image, int row, int column, int length) = RunAt(t, first + count);
            runs[n] = new WinogradRun(t - first, length, image, row, column);
            t += length;
        }

        return n;
    }

    /// <summary>The runs of tiles [first, first + count) (see <see cref="Runs(int, int, Span{WinogradRun})"/>), in <paramref name="scratch"/>'s run buffer.</summary>
    public Span<WinogradRun> Runs(int first, int count, WinogradScratch scratch)
    {
        Span<WinogradRun> runs = scratch.Runs((count / TilesX) + 2);
        return runs[..Runs(first, count, runs)];
    }

    /// <summary>
    /// The run of tiles from tile <paramref name="tile"/> to the end of its tile row or <paramref name="end"/>,
    /// whichever comes first: its image, tile row, first tile column and length.
    /// </summary>
    public (int Image, int Row, int Column, int Length) RunAt(int tile, int end)
    {
        int image = tile / TilesPerImage;
        int inImage = tile - (image * TilesPerImage);
        int row = inImage / TilesX;
        int column = inImage - (row * TilesX);
        return (image, row, column, Math.Min(TilesX - column, end - tile));
    }
}

/// <summary>A run of consecutive tiles in one tile row: its position in the chunk, length, image, tile row and first tile column.</summary>
internal readonly record struct WinogradRun(int Position, int Length, int Image, int Row, int Column);
