using System.Numerics;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Serialization;

public sealed class PickleReaderTests
{
    private static object? Load(byte[] pickle) =>
        new PickleReader(new MemoryStream(pickle), new TorchCheckpointResolver(pickle.Length)).Load();

    private static InvalidDataException Rejects(byte[] pickle) => Assert.Throws<InvalidDataException>(() => Load(pickle));

    [Fact]
    public void Load_IntegerOpcodes_DecodeSignsAndWidths()
    {
        byte[] pickle = new PickleBytes().Op('(')
            .Op('K').Raw(255)
            .Op('M').Raw(0x34, 0x12)
            .Op('J').Raw(0xFE, 0xFF, 0xFF, 0xFF)
            .Raw(0x8A, 0)
            .Raw(0x8A, 2, 0x00, 0x80)
            .Raw(0x8A, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1)
            .Raw(0x8B, 1, 0, 0, 0, 0x80)
            .Op('l', '.').ToArray();

        var list = Assert.IsType<List<object?>>(Load(pickle));

        Assert.Equal([255L, 0x1234L, -2L, 0L, -32768L, BigInteger.Pow(2, 64), -128L], list);
    }

    [Fact]
    public void Load_FloatStringAndBytesOpcodes_Decode()
    {
        byte[] pickle = new PickleBytes().Op('(')
            .Op('G').Raw(0x3F, 0xF8, 0, 0, 0, 0, 0, 0)
            .Raw(0x8C, 2, 0xC3, 0xA9)
            .Op('U').Raw(2, (byte)'p', (byte)'y')
            .Op('C').Raw(2, 0, 0xFF)
            .Global("_codecs", "encode").Op('(').Str("\u00ff\u0001").Str("latin1").Op('t', 'R')
            .Op('N').Raw(0x88, 0x89)
            .Op('t', '.').ToArray();

        var tuple = Assert.IsType<object?[]>(Load(pickle));

        Assert.Equal(1.5, tuple[0]);
        Assert.Equal("\u00e9", tuple[1]);
        Assert.Equal("py", tuple[2]);
        Assert.Equal(new byte[] { 0, 0xFF }, tuple[3]);
        Assert.Equal(new byte[] { 0xFF, 1 }, tuple[4]);
        Assert.Equal([null, true, false], tuple[5..]);
    }

    [Fact]
    public void Load_ContainerAndMemoOpcodes_BuildSharedStructures()
    {
        byte[] pickle = new PickleBytes()
            .Op('}').Op('q').Raw(0)
            .Str("a").Op(']', 'q').Raw(1).Op('s')
            .Str("b").Op('h').Raw(1).Op('s')
            .Str("c").Op('(').Op('K').Raw(1).Op('K').Raw(2).Op('d').Op('s')
            .Str("d").Global("torch", "Size").Op('K').Raw(3).Op('\u0085', '\u0085', 'R', 's')
            .Op('h').Raw(1).Op('K').Raw(9).Op('a', '0')
            .Op('(', 'N', '1')
            .Op('2', '0')
            .Op('.').ToArray();

        var dict = Assert.IsType<OrderedDictionary<object, object?>>(Load(pickle));

        Assert.Same(dict["a"], dict["b"]);
        Assert.Equal([9L], Assert.IsType<List<object?>>(dict["a"]));
        Assert.Equal(2L, Assert.IsType<OrderedDictionary<object, object?>>(dict["c"])[1L]);
        Assert.Equal([3L], Assert.IsType<object?[]>(dict["d"]));
    }

    [Fact]
    public void Load_Protocol4Opcodes_AreSupported()
    {
        byte[] pickle = [0x80, 4, 0x95, 10, 0, 0, 0, 0, 0, 0, 0,
            0x8C, 11, .. "collections"u8, 0x94, 0x8C, 11, .. "OrderedDict"u8, 0x94, 0x93, 0x94, (byte)')', (byte)'R', 0x94,
            0x8C, 1, (byte)'k', 0x94, (byte)'h', 3, (byte)'s', (byte)'.'];

        var dict = Assert.IsType<OrderedDictionary<object, object?>>(Load(pickle));

        Assert.Equal("k", Assert.Single(dict).Key);
        Assert.Same(dict, dict["k"]);
    }

    [Theory]
    [InlineData(new byte[] { }, "without a STOP")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)'N', (byte)'.' }, "expected exactly one value")]
    [InlineData(new byte[] { 0x80, 2, (byte)'.' }, "expected exactly one value")]
    [InlineData(new byte[] { 0x80, 2, (byte)'0', (byte)'.' }, "empty stack")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)'(', (byte)'0', (byte)'.' }, "across a MARK")]
    [InlineData(new byte[] { 0x80, 2, (byte)'t', (byte)'.' }, "never opened")]
    [InlineData(new byte[] { 0x80, 2, (byte)'h', 5, (byte)'.' }, "memo entry 5")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)'N', (byte)'a', (byte)'.' }, "not a list")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)'N', (byte)'N', (byte)'s', (byte)'.' }, "not a dict")]
    [InlineData(new byte[] { 0x80, 2, (byte)'}', (byte)']', (byte)'N', (byte)'s', (byte)'.' }, "keys of type list")]
    [InlineData(new byte[] { 0x80, 2, (byte)'i', (byte)'.' }, "0x69 ('i') is not supported")]
    [InlineData(new byte[] { 0x80, 6, (byte)'N', (byte)'.' }, "protocol 6")]
    [InlineData(new byte[] { 0x80, 2, (byte)'X', 0xF0, 0xFF, 0xFF, 0x7F, (byte)'.' }, "only 1 bytes remain")]
    [InlineData(new byte[] { 0x80, 2, 0x8B, 0, 0xCA, 0x9A, 0x3B, (byte)'.' }, "at most 1024 bytes")]
    [InlineData(new byte[] { 0x80, 2, 0x8C, 1, 0xFF, (byte)'.' }, "not valid UTF-8")]
    [InlineData(new byte[] { 0x80, 2, (byte)'c', (byte)'o', (byte)'s', 10, (byte)'p', (byte)'a', (byte)'t', (byte)'h', 10, (byte)'.' }, "'os.path'")]
    [InlineData(new byte[] { 0x80, 2, (byte)'c', (byte)'a', 0, 10, (byte)'.' }, "non-printable")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)')', (byte)'R', (byte)'.' }, "expects a callable")]
    [InlineData(new byte[] { 0x80, 2, (byte)'K', 1, (byte)'Q', (byte)'.' }, "persistent id")]
    [InlineData(new byte[] { 0x80, 2, (byte)'K', 1, (byte)'N', (byte)'b', (byte)'.' }, "BUILD")]
    public void Load_MalformedPickle_ThrowsNamingTheProblem(byte[] pickle, string expected)
    {
        Assert.Contains(expected, Rejects(pickle).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CallingAStorageClassOrWrongArity_IsRefused()
    {
        byte[] storageCall = new PickleBytes().Global("torch", "FloatStorage").Op(')', 'R', '.').ToArray();
        byte[] badRebuild = new PickleBytes().Global("torch._utils", "_rebuild_tensor_v2").Op(')', 'R', '.').ToArray();
        byte[] newObjSize = new PickleBytes().Global("torch", "Size").Op(')').Raw(0x81).Op('.').ToArray();

        Assert.Contains("torch.FloatStorage with 0", Rejects(storageCall).Message, StringComparison.Ordinal);
        Assert.Contains("_rebuild_tensor_v2 with 0", Rejects(badRebuild).Message, StringComparison.Ordinal);
        Assert.Contains("NEWOBJ", Rejects(newObjSize).Message, StringComparison.Ordinal);
    }
}
