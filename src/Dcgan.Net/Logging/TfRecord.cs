using System.Buffers.Binary;

namespace Dcgan.Net.Logging;

/// <summary>
/// TFRecord framing: <c>uint64 length</c>, <c>masked CRC-32C of those 8 bytes</c>, <c>payload</c>,
/// <c>masked CRC-32C of the payload</c>, all little-endian, 16 bytes of overhead per record.
/// </summary>
internal static class TfRecord
{
    /// <summary>Length (8) plus length CRC (4).</summary>
    public const int HeaderLength = 12;

    /// <summary>Payload CRC.</summary>
    public const int FooterLength = 4;

    /// <summary>
    /// The whole framed record in one buffer, so that it reaches the file in a single write and a concurrent
    /// reader sees either nothing or a complete header followed by (part of) the payload.
    /// </summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var record = new byte[HeaderLength + payload.Length + FooterLength];
        Span<byte> span = record;
        BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], Crc32C.ComputeMasked(span[..8]));
        payload.CopyTo(span[HeaderLength..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(HeaderLength + payload.Length)..], Crc32C.ComputeMasked(payload));
        return record;
    }
}

/// <summary>Outcome of <see cref="TfRecordReader.TryRead"/>.</summary>
internal enum TfRecordReadStatus
{
    /// <summary>A complete record with valid checksums was read.</summary>
    Record,

    /// <summary>The stream ended exactly at a record boundary.</summary>
    EndOfStream,

    /// <summary>
    /// The stream ended inside a record (a writer may still be appending it). Nothing was consumed: on a seekable
    /// stream the position is back at the record start, so calling again after more bytes arrive resumes.
    /// </summary>
    Truncated,
}

/// <summary>
/// Reads TFRecord frames from a stream, checking both CRCs. A bad length CRC or payload CRC throws
/// <see cref="InvalidDataException"/> with the record's offset; a record cut off at the end is reported as
/// <see cref="TfRecordReadStatus.Truncated"/>, as TensorBoard's reader does, not as an error.
/// </summary>
internal sealed class TfRecordReader(Stream stream, int maxRecordLength)
{
    private const int InitialChunk = 1 << 16;

    /// <summary>Offset (from where reading started) of the next record to read.</summary>
    public long Offset { get; private set; }

    public TfRecordReadStatus TryRead(out byte[] payload)
    {
        payload = [];
        long start = Offset;
        Span<byte> header = stackalloc byte[TfRecord.HeaderLength];
        int got = ReadFully(header);
        if (got == 0)
        {
            return TfRecordReadStatus.EndOfStream;
        }

        if (got < TfRecord.HeaderLength)
        {
            return Rewind(got);
        }

        uint storedLengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        uint lengthCrc = Crc32C.ComputeMasked(header[..8]);
        if (storedLengthCrc != lengthCrc)
        {
            throw new InvalidDataException(
                $"TFRecord at offset {start}: the length CRC does not match (stored 0x{storedLengthCrc:x8}, " +
                $"computed 0x{lengthCrc:x8}); the file is corrupt from this offset on.");
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
        if (length > (ulong)maxRecordLength)
        {
            throw new InvalidDataException(
                $"TFRecord at offset {start}: payload length {length} exceeds the limit of {maxRecordLength} bytes.");
        }

        byte[]? body = ReadPayload((int)length, out int bodyRead);
        if (body is null)
        {
            return Rewind(TfRecord.HeaderLength + bodyRead);
        }

        Span<byte> footer = stackalloc byte[TfRecord.FooterLength];
        int footerRead = ReadFully(footer);
        if (footerRead < TfRecord.FooterLength)
        {
            return Rewind(TfRecord.HeaderLength + body.Length + footerRead);
        }

        uint storedDataCrc = BinaryPrimitives.ReadUInt32LittleEndian(footer);
        uint dataCrc = Crc32C.ComputeMasked(body);
        if (storedDataCrc != dataCrc)
        {
            throw new InvalidDataException(
                $"TFRecord at offset {start}: the payload CRC of the {length}-byte record does not match " +
                $"(stored 0x{storedDataCrc:x8}, computed 0x{dataCrc:x8}).");
        }

        Offset = start + TfRecord.HeaderLength + body.Length + TfRecord.FooterLength;
        payload = body;
        return TfRecordReadStatus.Record;
    }

    /// <summary>
    /// Reads the payload, growing the buffer only as bytes actually arrive, so a forged length cannot make the
    /// reader allocate more than about twice what the file holds. Null when the stream ends first.
    /// </summary>
    private byte[]? ReadPayload(int length, out int read)
    {
        var buffer = new byte[Math.Min(length, InitialChunk)];
        read = 0;
        while (true)
        {
            int n = ReadFully(buffer.AsSpan(read));
            read += n;
            if (read < buffer.Length)
            {
                return null;
            }

            if (read == length)
            {
                return buffer;
            }

            Array.Resize(ref buffer, (int)Math.Min(length, buffer.Length * 2L));
        }
    }

    private TfRecordReadStatus Rewind(int consumed)
    {
        if (stream.CanSeek)
        {
            stream.Seek(-consumed, SeekOrigin.Current);
        }

        return TfRecordReadStatus.Truncated;
    }

    private int ReadFully(Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int n = stream.Read(destination[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
