using System.Buffers.Binary;

namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// Reads and writes the safetensors format of Hugging Face (an 8-byte little-endian header length, a UTF-8 JSON
/// header, then the tensor bytes), the interchange format for weights moving between PyTorch and .NET.
/// </summary>
/// <remarks>
/// <para>Reading is strict, mirroring the reference Rust reader: the header length must not exceed
/// <see cref="MaxHeaderLength"/> or the file; the JSON must be an object whose entries have a supported dtype, a
/// shape of non-negative integers and <c>data_offsets</c> that, sorted, start at 0, follow one another without gaps or
/// overlaps, match each shape's byte size and end exactly at the end of the file. Any violation throws
/// <see cref="InvalidDataException"/> naming the tensor and the offsets. No buffer larger than the input is allocated.</para>
/// <para>Writing matches the Python library byte for byte: tensors ordered by descending dtype size (then by name),
/// compact JSON with <c>__metadata__</c> first, the header padded with spaces to a multiple of 8 bytes.</para>
/// </remarks>
public sealed partial class SafeTensorsFile
{
    /// <summary>The largest header accepted on read: 100,000,000 bytes, the reference reader's limit.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const int LengthPrefixSize = 8;

    private SafeTensorsFile(OrderedDictionary<string, RawArray> tensors, OrderedDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The tensors by name, in file order (ascending data offset, which is also the header order of files
    /// written by the reference library).</summary>
    public OrderedDictionary<string, RawArray> Tensors { get; }

    /// <summary>The string map stored under <c>__metadata__</c>; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads a safetensors file.</summary>
    /// <param name="path">File to read.</param>
    /// <returns>The tensors and metadata.</returns>
    /// <exception cref="InvalidDataException">The file is malformed; the message says what and where.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream);
    }

    /// <summary>Reads a safetensors file from <paramref name="stream"/>, from its current position to its end.</summary>
    /// <param name="stream">A readable stream. A non-seekable stream is first copied to memory, so its whole content
    /// is held twice while reading.</param>
    /// <returns>The tensors and metadata.</returns>
    /// <exception cref="InvalidDataException">The content is malformed; the message says what and where.</exception>
    public static SafeTensorsFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Stream source = AsSeekable(stream, out bool copied);
        try
        {
            return ReadSeekable(source);
        }
        finally
        {
            if (copied)
            {
                source.Dispose();
            }
        }
    }

    private static SafeTensorsFile ReadSeekable(Stream stream)
    {
        long available = stream.Length - stream.Position;
        if (available < LengthPrefixSize)
        {
            throw new InvalidDataException(
                $"The safetensors content is {available} bytes long; it needs at least the 8-byte header length.");
        }

        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        ReadExactly(stream, prefix, 0);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException(
                $"The safetensors header length {headerLength} (bytes 0-7) exceeds the limit of {MaxHeaderLength} bytes.");
        }

        if ((long)headerLength > available - LengthPrefixSize)
        {
            throw new InvalidDataException(
                $"The safetensors header length {headerLength} (bytes 0-7) runs past the end of the {available}-byte content.");
        }

        var header = new byte[headerLength];
        ReadExactly(stream, header, LengthPrefixSize);
        var (entries, metadata) = ParseHeader(header);
        long dataStart = LengthPrefixSize + (long)headerLength;
        ValidateLayout(entries, available - dataStart);

        var tensors = new OrderedDictionary<string, RawArray>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var data = new byte[entry.End - entry.Begin];
            ReadExactly(stream, data, dataStart + entry.Begin);
            tensors.Add(entry.Name, new RawArray(entry.DataType, entry.Shape, data));
        }

        return new SafeTensorsFile(tensors, metadata);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, long offset)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException(
                $"The safetensors content ended early while reading {buffer.Length} bytes at offset {offset}.", e);
        }
    }
}
