namespace Dcgan.Net.Imaging;

/// <summary>
/// The five PNG scanline filters (spec 5.4), on bytes modulo 256. <c>bpp</c> is the filter unit (bytes
/// per complete pixel, at least 1); <c>prev</c> is the reconstructed row above, all zeros on a pass's first row.
/// </summary>
internal static class PngFilters
{
    /// <summary>Number of filter types (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth).</summary>
    public const int Count = 5;

    /// <summary>Reverses filter <paramref name="filter"/> in place.</summary>
    public static void Unfilter(int filter, Span<byte> row, ReadOnlySpan<byte> prev, int bpp)
    {
        int n = row.Length;
        prev = prev[..n];
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (int x = bpp; x < n; x++)
                {
                    row[x] += row[x - bpp];
                }

                break;
            case 2:
                for (int x = 0; x < n; x++)
                {
                    row[x] += prev[x];
                }

                break;
            case 3:
                for (int x = 0; x < bpp && x < n; x++)
                {
                    row[x] += (byte)(prev[x] >> 1);
                }

                for (int x = bpp; x < n; x++)
                {
                    row[x] += (byte)((row[x - bpp] + prev[x]) >> 1);
                }

                break;
            case 4:
                for (int x = 0; x < bpp && x < n; x++)
                {
                    row[x] += prev[x];
                }

                for (int x = bpp; x < n; x++)
                {
                    row[x] += (byte)PaethBranchless(row[x - bpp], prev[x], prev[x - bpp]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(filter), filter, "PNG filter types are 0 to 4.");
        }
    }

    /// <summary>Writes <paramref name="raw"/> filtered with <paramref name="filter"/> into <paramref name="output"/>.</summary>
    public static void Apply(int filter, ReadOnlySpan<byte> raw, ReadOnlySpan<byte> prev, int bpp, Span<byte> output)
    {
        int n = raw.Length;
        prev = prev[..n];
        output = output[..n];
        int head = Math.Min(bpp, n);
        switch (filter)
        {
            case 0:
                raw.CopyTo(output);
                break;
            case 1:
                raw[..head].CopyTo(output);
                for (int x = bpp; x < n; x++)
                {
                    output[x] = (byte)(raw[x] - raw[x - bpp]);
                }

                break;
            case 2:
                for (int x = 0; x < n; x++)
                {
                    output[x] = (byte)(raw[x] - prev[x]);
                }

                break;
            case 3:
                for (int x = 0; x < head; x++)
                {
                    output[x] = (byte)(raw[x] - (prev[x] >> 1));
                }

                for (int x = bpp; x < n; x++)
                {
                    output[x] = (byte)(raw[x] - ((raw[x - bpp] + prev[x]) >> 1));
                }

                break;
            case 4:
                // With a = c = 0 the Paeth predictor is b.
                for (int x = 0; x < head; x++)
                {
                    output[x] = (byte)(raw[x] - prev[x]);
                }

                for (int x = bpp; x < n; x++)
                {
                    output[x] = (byte)(raw[x] - PaethBranchless(raw[x - bpp], prev[x], prev[x - bpp]));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(filter), filter, "PNG filter types are 0 to 4.");
        }
    }

    /// <summary>The Paeth predictor as the spec states it: whichever of a (left), b (above), c (above-left) is
    /// closest to a + b - c, ties broken in the order a, b, c.</summary>
    public static byte Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return (byte)a;
        }

        return pb <= pc ? (byte)b : (byte)c;
    }

    /// <summary>
    /// <see cref="Paeth"/> without branches: |p - a| = |b - c|, |p - b| = |a - c|, |p - c| = |a + b - 2c|, and the
    /// choice is made with masks, since on image data the branches are taken almost at random.
    /// </summary>
    public static int PaethBranchless(int a, int b, int c)
    {
        int pa = Abs(b - c);
        int pb = Abs(a - c);
        int pc = Abs(a + b - c - c);
        int pickA = ((pb - pa) | (pc - pa)) >> 31;
        int pickB = (pc - pb) >> 31;
        int bOrC = (b & ~pickB) | (c & pickB);
        return (a & ~pickA) | (bOrC & pickA);
    }

    private static int Abs(int x)
    {
        int sign = x >> 31;
        return (x ^ sign) - sign;
    }
}
