using System.IO.Compression;

namespace Dcgan.Net.Data;

/// <summary>
/// Reads data whose size comes from an untrusted header. The buffer grows as bytes actually arrive, so a header
/// that claims gigabytes costs at most what the stream delivers (plus one doubling), never the claim itself.
/// </summary>
internal static class BoundedRead
{
    private const int InitialCapacity = 1 << 20;

    /// <summary>Opens a file, transparently decompressing it when it starts with the gzip magic 1f 8b.</summary>
    public static Stream OpenMaybeGzip(string path, out bool gzip)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            gzip = StartsWithGzipMagic(file);
            return gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false) : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Whether a seekable stream starts with 1f 8b; the position is restored.</summary>
    public static bool StartsWithGzipMagic(Stream stream)
    {
        long start = stream.Position;
        int b0 = stream.ReadByte();
        int b1 = b0 < 0 ? -1 : stream.ReadByte();
        stream.Position = start;
        return b0 == 0x1F && b1 == 0x8B;
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> completely or throws <see cref="InvalidDataException"/> naming what ended early.
    /// </summary>
    /// <param name="stream">The source.</param>
    /// <param name="buffer">Destination, filled completely.</param>
    /// <param name="source">File name for messages.</param>
    /// <param name="offset">Offset of the first byte in the (decompressed) data, for messages.</param>
    /// <param name="what">What is being read, for messages ("the IDX header").</param>
    public static void Fill(Stream stream, Span<byte> buffer, string source, long offset, string what)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int n = ReadWrapped(stream, buffer[filled..], source, offset + filled);
            if (n == 0)
            {
                throw new InvalidDataException(
                    $"{source}: {what} ends after {filled} of {buffer.Length} bytes, at offset {offset + filled}; the file is truncated.");
            }

            filled += n;
        }
    }

    /// <summary>
    /// Reads exactly <paramref name="length"/> bytes, growing the buffer as data arrives unless
    /// <paramref name="lengthVerified"/> says the stream is known to hold them (an uncompressed file of checked size).
    /// Throws <see cref="InvalidDataException"/> when the stream ends early.
    /// </summary>
    public static byte[] ReadExactly(Stream stream, long length, string source, long offset, string what, bool lengthVerified = false)
    {
        if (length > Array.MaxLength)
        {
            throw new InvalidDataException($"{source}: {what} claims {length} bytes at offset {offset}, more than one array can hold.");
        }

        var buffer = new byte[lengthVerified ? (int)length : (int)Math.Min(length, InitialCapacity)];
        int filled = 0;
        while (filled < length)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
            }

            int n = ReadWrapped(stream, buffer.AsSpan(filled), source, offset + filled);
            if (n == 0)
            {
                throw new InvalidDataException(
                    $"{source}: {what} ends after {filled} of {length} bytes, at offset {offset + filled}; the file is truncated " +
                    "or its header claims more data than it holds.");
            }

            filled += n;
        }

        return buffer;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when the stream holds more bytes after <paramref name="offset"/>.</summary>
    public static void ExpectEnd(Stream stream, string source, long offset, string what)
    {
        Span<byte> one = stackalloc byte[1];
        if (ReadWrapped(stream, one, source, offset) != 0)
        {
            throw new InvalidDataException($"{source}: unexpected data after {what}, at offset {offset}; the header does not describe the whole file.");
        }
    }

    // GZipStream reports corrupt deflate data with its own InvalidDataException that names neither file nor offset.
    private static int ReadWrapped(Stream stream, Span<byte> buffer, string source, long offset)
    {
        try
        {
            return stream.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{source}: corrupt compressed data near decompressed offset {offset}: {ex.Message}", ex);
        }
    }
}
