using System.Buffers.Binary;
using System.Text;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Serialization;

/// <summary>Hostile and malformed .npy input: every case must end in an InvalidDataException naming the problem.</summary>
public class NpyFileMalformedTests
{
    [Fact]
    public void Read_BadMagic_Throws()
    {
        byte[] bytes = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4);
        bytes[1] = (byte)'X';

        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
        Assert.Contains("magic", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(4, 0)]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    public void Read_UnknownVersion_Throws(byte major, byte minor)
    {
        byte[] bytes = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4);
        bytes[6] = major;
        bytes[7] = minor;

        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
        Assert.Contains($"version {major}.{minor}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2, 3]", "expected '{'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "lacks")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "'extra'")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'shape': (1,)}", "'descr'")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", "True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", "non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}", "expected '('")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "64 bits")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} trailing", "after the dictionary")]
    [InlineData("{'descr: '<f4'}", "expected ':'")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", "quoted string")]
    public void Read_HeaderNotAValidDict_ThrowsWithOffset(string header, string fragment)
    {
        byte[] bytes = Build(header, 64);

        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        Assert.Contains("at byte", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<c16")]
    [InlineData("|O")]
    [InlineData("<U5")]
    [InlineData("<f16")]
    [InlineData("x")]
    public void Read_UnknownDtype_Throws(string descr)
    {
        byte[] bytes = Build($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (1,), }}", 64);

        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
        Assert.Contains(descr, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DataShorterThanShape_Throws_SeekableAndNot()
    {
        byte[] bytes = Build("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }", 8 * 11);

        var seekable = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
        var forward = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new NpyFileTests.ForwardOnlyStream(bytes)));
        Assert.Contains("needs 96 bytes", seekable.Message, StringComparison.Ordinal);
        Assert.Contains("needs 96 bytes", forward.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(1000000000, 1000000000)")]
    [InlineData("(4611686018427387904, 4)")]
    [InlineData("(200000000,)")]
    public void Read_AbsurdShape_ThrowsBeforeAllocating(string shape)
    {
        // 1.6 GB of doubles would fit one array but not this 16-byte payload: nothing that large may be allocated.
        byte[] bytes = Build($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}", 16);

        Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
        Assert.Throws<InvalidDataException>(() => NpyFile.Read(new NpyFileTests.ForwardOnlyStream(bytes)));
    }

    [Fact]
    public void Read_HeaderLengthBeyondFile_Throws()
    {
        byte[] bytes = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 9000);

        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
        Assert.Contains("ends inside the header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderLongerThanNumpyAccepts_Throws()
    {
        var bytes = new byte[16];
        NpyFile.Magic.CopyTo(bytes);
        bytes[6] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 0x7FFF_FFFF);

        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
        Assert.Contains("refuses", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    public void Read_TruncatedPreamble_Throws(int length)
    {
        byte[] bytes = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4)[..length];

        Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void Read_Version3WithInvalidUtf8_Throws()
    {
        byte[] bytes = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4, major: 3);
        bytes[13] = 0xFF;

        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Python2StyleLongsAndDoubleQuotesInAnyKeyOrder_Parses()
    {
        byte[] bytes = Build("{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"<i4\"}", 8);

        var array = NpyFile.Read(new MemoryStream(bytes));

        Assert.Equal([2L, 1L], array.Shape);
        Assert.Equal(DataType.Int32, array.DataType);
    }

    /// <summary>A version-1.0 (or 2.0/3.0) file with the given header text followed by <paramref name="dataBytes"/> bytes of 0x11.</summary>
    private static byte[] Build(string header, int dataBytes, byte major = 1)
    {
        byte[] text = Encoding.UTF8.GetBytes(header + "\n");
        int lengthSize = major == 1 ? 2 : 4;
        var bytes = new byte[8 + lengthSize + text.Length + dataBytes];
        NpyFile.Magic.CopyTo(bytes);
        bytes[6] = major;
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)text.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)text.Length);
        }

        text.CopyTo(bytes, 8 + lengthSize);
        bytes.AsSpan(8 + lengthSize + text.Length).Fill(0x11);
        return bytes;
    }
}
