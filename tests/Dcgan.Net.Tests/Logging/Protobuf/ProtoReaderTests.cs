using Dcgan.Net.Logging.Protobuf;

namespace Dcgan.Net.Tests.Logging.Protobuf;

public class ProtoReaderTests
{
    [Theory]
    [InlineData("00", 0UL)]
    [InlineData("ac02", 300UL)]
    [InlineData("ffffffffffffffffff01", ulong.MaxValue)]
    public void Varint_vectors(string hex, ulong expected)
    {
        var r = new ProtoReader(Hex.Parse(hex));
        Assert.Equal(expected, r.ReadVarint());
        Assert.False(r.TryReadKey(out _, out _));
    }

    [Fact]
    public void Ten_byte_minus_one_reads_as_int64_and_int32()
    {
        byte[] bytes = Hex.Parse("ffffffffffffffffff01");
        var r64 = new ProtoReader(bytes);
        Assert.Equal(-1L, r64.ReadInt64());
        var r32 = new ProtoReader(bytes);
        Assert.Equal(-1, r32.ReadInt32());
    }

    [Fact]
    public void Varint_longer_than_ten_bytes_is_rejected_with_offset()
    {
        byte[] bytes = [0x08, .. Enumerable.Repeat((byte)0x80, 10), 0x01];
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            var r = new ProtoReader(bytes, baseOffset: 100);
            r.TryReadKey(out _, out _);
            r.ReadVarint();
        });
        Assert.Contains("byte 101", e.Message, StringComparison.Ordinal);
        Assert.Contains("longer than ten bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("80", "varint runs past")]
    [InlineData("0a05616263", "length 5 exceeds")]
    [InlineData("0d0000", "fixed32 of 4 bytes")]
    [InlineData("09000000", "fixed64 of 8 bytes")]
    [InlineData("0b", "wire type 3")]
    [InlineData("0f", "wire type 7")]
    [InlineData("00", "field number 0")]
    public void Malformed_input_throws_InvalidDataException(string hex, string expected)
    {
        byte[] bytes = Hex.Parse(hex);
        var e = Assert.Throws<InvalidDataException>(() => SkipAll(bytes));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var w = new ProtoWriter();
        w.WriteInt64(11, -5);
        w.WriteDouble(12, 2.5);
        w.WriteBytes(13, [1, 2, 3]);
        w.WriteFloat(14, 1.5f);
        w.WriteString(1, "kept");
        var r = new ProtoReader(w.WrittenSpan);
        string? found = null;
        int skipped = 0;
        while (r.TryReadKey(out int field, out WireType type))
        {
            if (field == 1)
            {
                found = r.ReadString();
            }
            else
            {
                r.Skip(type);
                skipped++;
            }
        }

        Assert.Equal("kept", found);
        Assert.Equal(4, skipped);
    }

    [Fact]
    public void Repeated_floats_accept_packed_and_unpacked_encodings_mixed()
    {
        var w = new ProtoWriter();
        w.WritePackedFloats(5, [1f, 2f]);
        w.WriteFloat(5, 3f);
        w.WritePackedFloats(5, [4f]);
        var values = new List<float>();
        var r = new ProtoReader(w.WrittenSpan);
        while (r.TryReadKey(out _, out WireType type))
        {
            r.ReadRepeatedFloat(type, values);
        }

        Assert.Equal([1f, 2f, 3f, 4f], values);
    }

    [Fact]
    public void Repeated_doubles_accept_packed_and_unpacked_encodings()
    {
        var w = new ProtoWriter();
        w.WriteDouble(6, 1.5);
        w.WriteBytes(6, [.. BitConverter.GetBytes(2.5), .. BitConverter.GetBytes(-3.0)]);
        var values = new List<double>();
        var r = new ProtoReader(w.WrittenSpan);
        while (r.TryReadKey(out _, out WireType type))
        {
            r.ReadRepeatedDouble(type, values);
        }

        Assert.Equal([1.5, 2.5, -3.0], values);
    }

    [Fact]
    public void Packed_floats_with_a_partial_element_are_rejected()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            var r = new ProtoReader(Hex.Parse("2a03000000"));
            r.TryReadKey(out _, out WireType type);
            r.ReadRepeatedFloat(type, []);
        });
        Assert.Contains("not a multiple of 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sub_message_offsets_are_reported_relative_to_the_payload()
    {
        // Field 1 (LEN 3) holding a sub-message whose inner length field overruns it.
        byte[] bytes = Hex.Parse("aabb" + "0a03" + "0a0561");
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            var outer = new ProtoReader(bytes.AsSpan(2), baseOffset: 2);
            outer.TryReadKey(out _, out _);
            var inner = outer.ReadMessage();
            inner.TryReadKey(out _, out _);
            inner.ReadLengthDelimited();
        });
        Assert.Contains("byte 5", e.Message, StringComparison.Ordinal);
    }

    private static void SkipAll(byte[] bytes)
    {
        var r = new ProtoReader(bytes);
        while (r.TryReadKey(out _, out WireType type))
        {
            r.Skip(type);
        }
    }
}
