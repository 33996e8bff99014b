using System.Buffers.Binary;
using System.Text;

namespace Dcgan.Net.Logging.Protobuf;

/// <summary>
/// Reads protobuf fields from a span. Every read is bounds-checked and malformed input throws
/// <see cref="InvalidDataException"/> naming the byte offset (relative to the enclosing record, via
/// <paramref name="baseOffset"/>), so a hostile payload can neither over-read nor allocate beyond its own size.
/// </summary>
/// <param name="data">The serialized message.</param>
/// <param name="baseOffset">Offset of <paramref name="data"/> inside the enclosing payload, for error messages.</param>
internal ref struct ProtoReader(ReadOnlySpan<byte> data, long baseOffset = 0)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Offset of the next unread byte inside the enclosing payload.</summary>
    public readonly long Offset => baseOffset + _position;

    /// <summary>Reads the next field key; false at the end of the message.</summary>
    public bool TryReadKey(out int fieldNumber, out WireType wireType)
    {
        if (_position >= _data.Length)
        {
            fieldNumber = 0;
            wireType = WireType.Varint;
            return false;
        }

        long keyOffset = Offset;
        ulong key = ReadVarint();
        ulong number = key >> 3;
        int type = (int)(key & 7);
        if (number is 0 or > 0x1FFFFFFF)
        {
            throw Malformed(keyOffset, $"field number {number} is out of range");
        }

        if (type is not (0 or 1 or 2 or 5))
        {
            throw Malformed(keyOffset, $"wire type {type} of field {number} is not supported (groups or invalid)");
        }

        fieldNumber = (int)number;
        wireType = (WireType)type;
        return true;
    }

    /// <summary>A base-128 varint of at most ten bytes.</summary>
    public ulong ReadVarint()
    {
        long start = Offset;
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Malformed(start, "varint runs past the end of the message");
            }

            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Malformed(start, "varint is longer than ten bytes");
    }

    public long ReadInt64() => unchecked((long)ReadVarint());

    /// <summary>int32 / enum: the low 32 bits of the varint, as protobuf parsers do.</summary>
    public int ReadInt32() => unchecked((int)ReadVarint());

    public bool ReadBool() => ReadVarint() != 0;

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, "double"));

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "float"));

    /// <summary>The body of a length-delimited field.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        long start = Offset;
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw Malformed(start, $"length {length} exceeds the {_data.Length - _position} bytes left in the message");
        }

        return Take((int)length, "length-delimited field");
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadLengthDelimited());

    /// <summary>A reader over a length-delimited sub-message, reporting offsets in the enclosing payload.</summary>
    public ProtoReader ReadMessage()
    {
        ReadOnlySpan<byte> body = ReadLengthDelimited();
        return new ProtoReader(body, Offset - body.Length);
    }

    /// <summary>Appends one (unpacked, <see cref="WireType.Fixed32"/>) or several (packed) floats.</summary>
    public void ReadRepeatedFloat(WireType wireType, List<float> values)
    {
        if (wireType == WireType.Fixed32)
        {
            values.Add(ReadFloat());
            return;
        }

        long start = Offset;
        ReadOnlySpan<byte> packed = ReadLengthDelimited();
        if (packed.Length % 4 != 0)
        {
            throw Malformed(start, $"packed float field of {packed.Length} bytes is not a multiple of 4");
        }

        for (int i = 0; i < packed.Length; i += 4)
        {
            values.Add(BinaryPrimitives.ReadSingleLittleEndian(packed[i..]));
        }
    }

    /// <summary>Appends one (unpacked, <see cref="WireType.Fixed64"/>) or several (packed) doubles.</summary>
    public void ReadRepeatedDouble(WireType wireType, List<double> values)
    {
        if (wireType == WireType.Fixed64)
        {
            values.Add(ReadDouble());
            return;
        }

        long start = Offset;
        ReadOnlySpan<byte> packed = ReadLengthDelimited();
        if (packed.Length % 8 != 0)
        {
            throw Malformed(start, $"packed double field of {packed.Length} bytes is not a multiple of 8");
        }

        for (int i = 0; i < packed.Length; i += 8)
        {
            values.Add(BinaryPrimitives.ReadDoubleLittleEndian(packed[i..]));
        }
    }

    /// <summary>Skips the value of a field this reader does not know (or whose wire type does not match).</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8, "fixed64");
                break;
            case WireType.Fixed32:
                Take(4, "fixed32");
                break;
            default:
                ReadLengthDelimited();
                break;
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > _data.Length - _position)
        {
            throw Malformed(Offset, $"{what} of {count} bytes runs past the end of the message ({_data.Length - _position} left)");
        }

        ReadOnlySpan<byte> slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private static InvalidDataException Malformed(long offset, string what) =>
        new($"Malformed protobuf at byte {offset} of the record payload: {what}.");
}
