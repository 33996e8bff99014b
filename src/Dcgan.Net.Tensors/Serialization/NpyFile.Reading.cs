using System.Buffers.Binary;
using System.Text;

namespace Dcgan.Net.Tensors.Serialization;

public static partial class NpyFile
{
    /// <summary>Chunk size for reading data from streams whose length is unknown.</summary>
    private const int ReadChunk = 1 << 24;

    private static NpyHeader ReadHeader(Stream stream, out long dataOffset)
    {
        Span<byte> prefix = stackalloc byte[12];
        ReadExactly(stream, prefix[..8], 0, "the magic string and version");
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException(
                $"Not a .npy file: bad magic at byte 0, the first six bytes are {Convert.ToHexString(prefix[..6])}, expected 934E554D5059 (\\x93NUMPY).");
        }

        byte major = prefix[6];
        byte minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new InvalidDataException($"Unsupported .npy format version {major}.{minor} at byte 6; supported: 1.0, 2.0, 3.0.");
        }

        int lengthSize = major == 1 ? 2 : 4;
        ReadExactly(stream, prefix.Slice(8, lengthSize), 8, "the header length");
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        long headerOffset = 8 + lengthSize;
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException(
                $"The .npy header at byte {headerOffset} is {headerLength} bytes long; numpy refuses headers over {MaxHeaderLength} bytes.");
        }

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, headerOffset, "the header");
        Encoding encoding = major == 3
            ? new UTF8Encoding(false, throwOnInvalidBytes: true)
            : Encoding.Latin1;
        string text;
        try
        {
            text = encoding.GetString(headerBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"The version 3.0 .npy header at byte {headerOffset} is not valid UTF-8.", e);
        }

        dataOffset = headerOffset + headerLength;
        return NpyHeader.Parse(text, headerOffset);
    }

    private static byte[] ReadData(Stream stream, long byteCount, long dataOffset, bool trustLength)
    {
        if (trustLength)
        {
            long available = stream.Length - stream.Position;
            if (available < byteCount)
            {
                throw ShortData(byteCount, available, dataOffset);
            }

            var data = new byte[byteCount];
            ReadExactly(stream, data, dataOffset, "the array data");
            return data;
        }

        // Unknown length (e.g. a deflated zip member): grow chunk by chunk so a lying shape costs
        // only as much memory as the bytes that actually arrive.
        var chunks = new List<byte[]>();
        long received = 0;
        while (received < byteCount)
        {
            var chunk = new byte[Math.Min(ReadChunk, byteCount - received)];
            int got = stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            received += got;
            if (got < chunk.Length)
            {
                throw ShortData(byteCount, received, dataOffset);
            }

            chunks.Add(chunk);
        }

        if (chunks.Count == 1)
        {
            return chunks[0];
        }

        var result = new byte[byteCount];
        int position = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(result, position);
            position += chunk.Length;
        }

        return result;
    }

    private static InvalidDataException ShortData(long needed, long available, long dataOffset) =>
        new($"The .npy data starting at byte {dataOffset} is truncated: the shape needs {needed} bytes, only {available} are present.");

    private static void ReadExactly(Stream stream, Span<byte> buffer, long offset, string what)
    {
        int got = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (got < buffer.Length)
        {
            throw new InvalidDataException(
                $"The .npy file ends inside {what}: needed {buffer.Length} bytes at byte {offset}, got {got}.");
        }
    }
}
