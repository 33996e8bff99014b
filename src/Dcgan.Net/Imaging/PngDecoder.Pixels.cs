using System.Buffers;

namespace Dcgan.Net.Imaging;

/// <content>Scanline stage: inflate, unfilter and place the pixels of each (Adam7) pass.</content>
public static partial class PngDecoder
{
    /// <summary>Adam7 passes as (x0, y0, dx, dy) (spec 5.5).</summary>
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    /// <summary>A non-interlaced image as one pass covering every pixel.</summary>
    private static readonly (int X0, int Y0, int Dx, int Dy)[] SinglePass = [(0, 0, 1, 1)];

    private static Image DecodePixels(ReadOnlyMemory<byte> file, PngLayout layout)
    {
        var header = layout.Header;
        var writer = new PngRowWriter(header, layout.Palette, layout.Transparency);
        long outputBytes = (long)header.Width * header.Height * writer.PixelBytes;
        if (outputBytes > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"PNG IHDR: a {header.Width}x{header.Height} image needs {outputBytes} bytes, more than one .NET array can hold.");
        }

        var passes = header.Interlaced ? Adam7 : SinglePass;
        long expected = 0;
        foreach (var pass in passes)
        {
            var (w, h) = PassSize(header, pass);
            if (w > 0 && h > 0)
            {
                expected += (header.RowBytes(w) + 1) * h;
            }
        }

        int maxRow = (int)header.RowBytes(header.Width);
        byte[] pixels = GC.AllocateUninitializedArray<byte>((int)outputBytes);
        byte[] current = ArrayPool<byte>.Shared.Rent(maxRow + 1);
        byte[] previous = ArrayPool<byte>.Shared.Rent(maxRow + 1);
        try
        {
            using var inflater = new PngInflater(file, layout, expected);
            int outputRow = header.Width * writer.PixelBytes;
            for (int p = 0; p < passes.Length; p++)
            {
                var pass = passes[p];
                var (w, h) = PassSize(header, pass);
                if (w == 0 || h == 0)
                {
                    continue;
                }

                int rowBytes = (int)header.RowBytes(w);
                Array.Clear(previous, 0, rowBytes + 1);
                for (int r = 0; r < h; r++)
                {
                    inflater.ReadExactly(current.AsSpan(0, rowBytes + 1));
                    int filter = current[0];
                    int y = pass.Y0 + (r * pass.Dy);
                    if (filter >= PngFilters.Count)
                    {
                        throw new InvalidDataException(
                            $"PNG IDAT data: filter type {filter} on image row {y}{(header.Interlaced ? $" (Adam7 pass {p + 1})" : "")}; valid types are 0 to 4.");
                    }

                    PngFilters.Unfilter(filter, current.AsSpan(1, rowBytes), previous.AsSpan(1, rowBytes), header.FilterUnit);
                    writer.Write(current.AsSpan(1, rowBytes), w, pixels.AsSpan(y * outputRow, outputRow), pass.X0, pass.Dx, y);
                    (current, previous) = (previous, current);
                }
            }

            inflater.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(previous);
        }

        return new Image(header.Width, header.Height, writer.Channels, pixels, writer.BitDepth);
    }

    private static (int Width, int Height) PassSize(PngHeader header, (int X0, int Y0, int Dx, int Dy) pass)
    {
        int w = header.Width > pass.X0 ? (int)(((long)header.Width - pass.X0 + pass.Dx - 1) / pass.Dx) : 0;
        int h = header.Height > pass.Y0 ? (int)(((long)header.Height - pass.Y0 + pass.Dy - 1) / pass.Dy) : 0;
        return (w, h);
    }
}
