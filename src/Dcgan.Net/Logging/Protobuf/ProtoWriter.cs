using System.Buffers.Binary;
using System.Text;

namespace Dcgan.Net.Logging.Protobuf;

/// <summary>
/// Appends protobuf fields to a growable buffer. Sub-messages are written into their own writer first and then
/// copied in as a length-delimited field: event messages are small (an image is the only large part and is
/// copied once), so the simplicity is worth more than sizing messages in advance.
/// </summary>
internal sealed class ProtoWriter
{
    private byte[] _buffer;
    private int _length;

    public ProtoWriter(int initialCapacity = 64)
    {
        _buffer = new byte[Math.Max(initialCapacity, 16)];
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Number of bytes written so far.</summary>
    public int Length => _length;

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Writes a base-128 varint, low seven bits first.</summary>
    public void WriteRawVarint(ulong value)
    {
        Span<byte> span = Reserve(10);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        _length += n;
    }

    public void WriteKey(int fieldNumber, WireType wireType) =>
        WriteRawVarint(((ulong)(uint)fieldNumber << 3) | (uint)wireType);

    /// <summary>int64 field; negative values take ten bytes (two's complement as uint64).</summary>
    public void WriteInt64(int fieldNumber, long value)
    {
        WriteKey(fieldNumber, WireType.Varint);
        WriteRawVarint(unchecked((ulong)value));
    }

    /// <summary>int32 / enum field; negative values are sign-extended to 64 bits, so they also take ten bytes.</summary>
    public void WriteInt32(int fieldNumber, int value) => WriteInt64(fieldNumber, value);

    public void WriteBool(int fieldNumber, bool value)
    {
        WriteKey(fieldNumber, WireType.Varint);
        WriteRawVarint(value ? 1u : 0u);
    }

    public void WriteDouble(int fieldNumber, double value)
    {
        WriteKey(fieldNumber, WireType.Fixed64);
        BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);
        _length += 8;
    }

    public void WriteFloat(int fieldNumber, float value)
    {
        WriteKey(fieldNumber, WireType.Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
        _length += 4;
    }

    /// <summary>bytes field (also used for sub-messages and packed repeated values).</summary>
    public void WriteBytes(int fieldNumber, ReadOnlySpan<byte> value)
    {
        WriteKey(fieldNumber, WireType.LengthDelimited);
        WriteRawVarint((ulong)value.Length);
        value.CopyTo(Reserve(value.Length));
        _length += value.Length;
    }

    /// <summary>string field, UTF-8.</summary>
    public void WriteString(int fieldNumber, string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteKey(fieldNumber, WireType.LengthDelimited);
        WriteRawVarint((ulong)byteCount);
        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
        _length += byteCount;
    }

    public void WriteMessage(int fieldNumber, ProtoWriter message) => WriteBytes(fieldNumber, message.WrittenSpan);

    /// <summary>Packed repeated float: one length-delimited field holding the concatenated values.</summary>
    public void WritePackedFloats(int fieldNumber, ReadOnlySpan<float> values)
    {
        WriteKey(fieldNumber, WireType.LengthDelimited);
        WriteRawVarint((ulong)values.Length * 4);
        Span<byte> span = Reserve(values.Length * 4);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[(i * 4)..], values[i]);
        }

        _length += values.Length * 4;
    }

    private Span<byte> Reserve(int count)
    {
        int required = _length + count;
        if (required > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(required, (int)Math.Min(Array.MaxLength, _buffer.Length * 2L)));
        }

        return _buffer.AsSpan(_length, count);
    }
}
