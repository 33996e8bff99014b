using Dcgan.Net.Tensors.Serialization;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Dcgan.Net.Imaging;

/// <summary>
/// Writes <see cref="Image"/>s as non-interlaced PNG files: 1, 2, 3 or 4 channels become gray, gray+alpha,
/// RGB or RGBA (color types 0, 4, 2, 6) at the image's bit depth (8 or 16).
/// </summary>
public static class PngEncoder
{
    private const int MaxIdatChunk = 1 << 20;

    /// <summary>Encodes <paramref name="image"/> as a PNG file in memory.</summary>
    /// <param name="image">The image to write.</param>
    /// <param name="options">Settings; <see cref="PngEncoderOptions.Default"/> when null.</param>
    /// <returns>The complete file.</returns>
    public static byte[] Encode(Image image, PngEncoderOptions? options = null)
    {
        using var output = new MemoryStream();
        Encode(image, output, options);
        return output.ToArray();
    }

    /// <summary>Writes <paramref name="image"/> as a PNG file to <paramref name="destination"/>.</summary>
    /// <param name="image">The image to write.</param>
    /// <param name="destination">A writable stream; left open.</param>
    /// <param name="options">Settings; <see cref="PngEncoderOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The filter option is not a defined value.</exception>
    public static void Encode(Image image, Stream destination, PngEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= PngEncoderOptions.Default;
        if (!Enum.IsDefined(options.Filter))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Filter, "Unknown PNG filter choice.");
        }

        destination.Write(PngDecoder.Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], image.Height);
        ihdr[8] = (byte)image.BitDepth;
        ihdr[9] = image.Channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 };
        WriteChunk(destination, "IHDR"u8, ihdr);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, options.CompressionLevel, leaveOpen: true))
        {
            WriteScanlines(image, options.Filter, zlib);
        }

        var idat = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        do
        {
            int n = Math.Min(idat.Length, MaxIdatChunk);
            WriteChunk(destination, "IDAT"u8, idat[..n]);
            idat = idat[n..];
        }
        while (idat.Length > 0);

        WriteChunk(destination, "IEND"u8, []);
    }

    /// <summary>Writes <paramref name="image"/> as a PNG file at <paramref name="path"/> (overwritten if present).</summary>
    /// <param name="image">The image to write.</param>
    /// <param name="path">Destination file path.</param>
    /// <param name="options">Settings; <see cref="PngEncoderOptions.Default"/> when null.</param>
    public static void Save(Image image, string path, PngEncoderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Encode(image, options);
        File.WriteAllBytes(path, bytes);
    }

    private static void WriteScanlines(Image image, PngFilter choice, Stream zlib)
    {
        int sampleBytes = image.BitDepth / 8;
        int bpp = image.Channels * sampleBytes;
        int rowBytes = image.Width * bpp;
        var raw = new byte[rowBytes];
        var previous = new byte[rowBytes];
        var candidates = new byte[PngFilters.Count][];
        for (int f = 0; f < PngFilters.Count; f++)
        {
            candidates[f] = new byte[rowBytes + 1];
            candidates[f][0] = (byte)f;
        }

        for (int y = 0; y < image.Height; y++)
        {
            var source = image.Data.AsSpan(y * rowBytes, rowBytes);
            if (sampleBytes == 2)
            {
                for (int i = 0; i < rowBytes; i += 2)
                {
                    raw[i] = source[i + 1];
                    raw[i + 1] = source[i];
                }
            }
            else
            {
                source.CopyTo(raw);
            }

            int chosen = (int)choice;
            if (choice == PngFilter.Adaptive)
            {
                long best = long.MaxValue;
                for (int f = 0; f < PngFilters.Count; f++)
                {
                    PngFilters.Apply(f, raw, previous, bpp, candidates[f].AsSpan(1));
                    long cost = SignedMagnitude(candidates[f].AsSpan(1));
                    if (cost < best)
                    {
                        best = cost;
                        chosen = f;
                    }
                }
            }
            else
            {
                PngFilters.Apply(chosen, raw, previous, bpp, candidates[chosen].AsSpan(1));
            }

            zlib.Write(candidates[chosen]);
            (raw, previous) = (previous, raw);
        }
    }

    private static long SignedMagnitude(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        foreach (byte b in filtered)
        {
            sum += Math.Abs((int)(sbyte)b);
        }

        return sum;
    }

    private static void WriteChunk(Stream destination, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        destination.Write(word);
        destination.Write(type);
        destination.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start, type), data)));
        destination.Write(word);
    }
}
