using System.Buffers.Binary;

namespace Dcgan.Net.Data;

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format): a big-endian magic <c>00 00 type ndims</c>, <c>ndims</c>
/// big-endian 32-bit sizes, then the values in C order. Only unsigned 8-bit data (type 0x08) is supported, with
/// 1 to 3 dimensions as torchvision accepts. Files may be gzip-compressed: compression is detected by the gzip magic
/// bytes 1f 8b, not by the file name.
/// </summary>
/// <remarks>
/// The header is checked against the data that is actually present: an uncompressed file must be exactly header +
/// product(sizes) bytes long, and compressed data is read incrementally, so a header claiming more data than
/// the file holds fails with <see cref="InvalidDataException"/> without allocating the claimed size.
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of MNIST image files: uint8, 3 dimensions [count, rows, cols].</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of MNIST label files: uint8, 1 dimension [count].</summary>
    public const int LabelsMagic = 0x00000801;

    private const int TypeUInt8 = 0x08;

    /// <summary>Reads an IDX file of any supported shape (uint8, 1 to 3 dimensions), raw or gzip-compressed.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The dimensions and values.</returns>
    /// <exception cref="InvalidDataException">The file is malformed or truncated; the message names the file and offset.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxData Read(string path) => Read(path, expectedMagic: null);

    /// <summary>Reads an MNIST-style image file (magic 0x00000803, dimensions [count, rows, cols]).</summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <returns>The images: <see cref="IdxData.Dimensions"/> is [count, rows, cols].</returns>
    /// <exception cref="InvalidDataException">Wrong magic, malformed or truncated file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxData ReadImages(string path) => Read(path, ImagesMagic);

    /// <summary>Reads an MNIST-style label file (magic 0x00000801, dimensions [count]).</summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <returns>The labels: <see cref="IdxData.Dimensions"/> is [count].</returns>
    /// <exception cref="InvalidDataException">Wrong magic, malformed or truncated file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxData ReadLabels(string path) => Read(path, LabelsMagic);

    /// <summary>
    /// Reads IDX data from a stream (raw or gzip-compressed; a non-seekable stream must already be decompressed).
    /// </summary>
    /// <param name="stream">The data; read to its end.</param>
    /// <param name="sourceName">Name used in error messages (e.g. the file name).</param>
    /// <param name="expectedMagic">When given, the magic number the data must have (e.g. <see cref="ImagesMagic"/>).</param>
    /// <returns>The dimensions and values.</returns>
    /// <exception cref="InvalidDataException">The data is malformed or truncated.</exception>
    public static IdxData Read(Stream stream, string sourceName, int? expectedMagic = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (stream.CanSeek && BoundedRead.StartsWithGzipMagic(stream))
        {
            using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true);
            return ReadCore(gzip, sourceName + " (gzip)", expectedMagic, remaining: null);
        }

        long? remaining = stream.CanSeek ? stream.Length - stream.Position : null;
        return ReadCore(stream, sourceName, expectedMagic, remaining);
    }

    private static IdxData Read(string path, int? expectedMagic)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = BoundedRead.OpenMaybeGzip(path, out bool gzip);
        return gzip
            ? ReadCore(stream, path + " (gzip)", expectedMagic, remaining: null)
            : ReadCore(stream, path, expectedMagic, stream.Length);
    }

    // remaining: bytes known to be left in an uncompressed stream (checked against the header), or null when unknown.
    private static IdxData ReadCore(Stream stream, string source, int? expectedMagic, long? remaining)
    {
        Span<byte> head = stackalloc byte[4];
        BoundedRead.Fill(stream, head, source, 0, "the IDX magic number");
        int magic = BinaryPrimitives.ReadInt32BigEndian(head);
        if (head[0] != 0 || head[1] != 0)
        {
            throw new InvalidDataException($"{source}: bad IDX magic 0x{magic:X8} at offset 0; the first two bytes must be zero.");
        }

        if (head[2] != TypeUInt8)
        {
            throw new InvalidDataException(
                $"{source}: IDX data type 0x{head[2]:X2} at offset 2 is not supported; only unsigned bytes (0x08) are.");
        }

        int ndims = head[3];
        if (ndims is < 1 or > 3)
        {
            throw new InvalidDataException($"{source}: IDX header at offset 3 gives {ndims} dimensions; 1 to 3 are supported.");
        }

        if (expectedMagic is int expected && magic != expected)
        {
            throw new InvalidDataException(
                $"{source}: IDX magic is 0x{magic:X8} but 0x{expected:X8} was expected ({Describe(expected)}).");
        }

        int headerLength = 4 + (4 * ndims);
        Span<byte> sizeBytes = stackalloc byte[4 * 3];
        sizeBytes = sizeBytes[..(4 * ndims)];
        BoundedRead.Fill(stream, sizeBytes, source, 4, "the IDX dimension sizes");
        var dims = new int[ndims];
        long total = 1;
        for (int i = 0; i < ndims; i++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(sizeBytes[(4 * i)..]);
            if (size > Array.MaxLength)
            {
                throw new InvalidDataException($"{source}: IDX dimension {i} at offset {4 + (4 * i)} is {size}, too large.");
            }

            dims[i] = (int)size;
            total *= size;
            if (total > Array.MaxLength)
            {
                throw new InvalidDataException(
                    $"{source}: IDX header claims {string.Join(" x ", dims[..(i + 1)])} values, more than one array can hold.");
            }
        }

        if (remaining is long fileLength && fileLength - headerLength != total)
        {
            throw new InvalidDataException(
                $"{source}: IDX header claims [{string.Join(", ", dims)}] = {total} bytes of data after the {headerLength}-byte header, " +
                $"but the file holds {fileLength - headerLength}.");
        }

        byte[] values = BoundedRead.ReadExactly(stream, total, source, headerLength, "the IDX data", lengthVerified: remaining is not null);
        BoundedRead.ExpectEnd(stream, source, headerLength + total, $"the {total} bytes the IDX header describes");
        return new IdxData(magic, dims, values);
    }

    private static string Describe(int magic) => magic switch
    {
        ImagesMagic => "uint8 images [count, rows, cols]",
        LabelsMagic => "uint8 labels [count]",
        _ => "IDX data",
    };
}
