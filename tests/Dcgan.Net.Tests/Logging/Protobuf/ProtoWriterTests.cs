using Dcgan.Net.Logging.Protobuf;

namespace Dcgan.Net.Tests.Logging.Protobuf;

public class ProtoWriterTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8001")]
    [InlineData(300UL, "ac02")]
    [InlineData(ulong.MaxValue, "ffffffffffffffffff01")]
    public void Varint_vectors(ulong value, string expected)
    {
        var w = new ProtoWriter();
        w.WriteRawVarint(value);
        Assert.Equal(expected, Hex.Format(w.WrittenSpan));
    }

    [Fact]
    public void Negative_int64_and_int32_take_ten_bytes()
    {
        var w = new ProtoWriter();
        w.WriteInt64(2, -1);
        Assert.Equal("10ffffffffffffffffff01", Hex.Format(w.WrittenSpan));

        var w32 = new ProtoWriter();
        w32.WriteInt32(1, -2);
        Assert.Equal("08feffffffffffffffff01", Hex.Format(w32.WrittenSpan));
    }

    [Fact]
    public void Keys_fixed_width_and_length_delimited_fields()
    {
        var w = new ProtoWriter(1);
        w.WriteDouble(1, 1.0);
        w.WriteFloat(2, 0.25f);
        w.WriteString(3, "hé");
        w.WriteBool(4, true);
        w.WriteBytes(20, [0xAA]);
        Assert.Equal(
            "09000000000000f03f" + "150000803e" + "1a0368c3a9" + "2001" + "a20101aa",
            Hex.Format(w.WrittenSpan));
    }

    [Fact]
    public void Packed_floats_are_one_length_delimited_field()
    {
        var w = new ProtoWriter();
        w.WritePackedFloats(5, [1f, -2f]);
        Assert.Equal("2a08" + "0000803f" + "000000c0", Hex.Format(w.WrittenSpan));
    }

    [Fact]
    public void Nested_message_is_length_prefixed_and_buffer_grows()
    {
        var inner = new ProtoWriter(1);
        inner.WriteBytes(1, new byte[300]);
        var outer = new ProtoWriter(1);
        outer.WriteMessage(7, inner);
        byte[] bytes = outer.ToArray();
        Assert.Equal(1 + 2 + 1 + 2 + 300, bytes.Length);
        Assert.Equal("3aaf02" + "0aac02", Hex.Format(bytes.AsSpan(0, 6)));
    }
}
