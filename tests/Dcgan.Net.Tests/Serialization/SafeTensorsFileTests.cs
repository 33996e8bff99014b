using System.Buffers.Binary;
using System.Text;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Serialization;

public sealed partial class SafeTensorsFileTests
{
    private static byte[] Build(string header, byte[] data, ulong? declaredLength = null)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static SafeTensorsFile ReadBytes(byte[] bytes) => SafeTensorsFile.Read(new MemoryStream(bytes));

    private static byte[] WriteBytes(IEnumerable<KeyValuePair<string, RawArray>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, tensors, metadata);
        return stream.ToArray();
    }

    [Fact]
    public void Read_SpecMinimalVector_HasUnalignedHeaderOf60Bytes()
    {
        var data = new byte[16];
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4 * i), (i * 7) - 3);
        }

        byte[] file = Build("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", data);
        Assert.Equal(new byte[] { 0x3c, 0, 0, 0, 0, 0, 0, 0 }, file[..8]);

        SafeTensorsFile read = ReadBytes(file);

        RawArray test = Assert.Single(read.Tensors).Value;
        Assert.Equal(DataType.Int32, test.DataType);
        Assert.Equal([2L, 2L], test.Shape);
        Assert.Equal([-3.0, 4.0, 11.0, 18.0], test.ToDoubleArray());
        Assert.Empty(read.Metadata);
    }

    [Fact]
    public void Write_SpecMinimalVector_PadsHeaderToMultipleOf8WithSpaces()
    {
        byte[] file = WriteBytes([new("test", new RawArray(DataType.Int32, [2, 2], new byte[16]))]);

        Assert.Equal(64UL, BinaryPrimitives.ReadUInt64LittleEndian(file));
        Assert.Equal("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}    ", Encoding.UTF8.GetString(file, 8, 64));
        Assert.Equal(8 + 64 + 16, file.Length);
    }

    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Float64)]
    [InlineData(DataType.Float16)]
    [InlineData(DataType.BFloat16)]
    [InlineData(DataType.Int64)]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Int16)]
    [InlineData(DataType.Int8)]
    [InlineData(DataType.UInt8)]
    [InlineData(DataType.Bool)]
    public void WriteThenRead_EveryDataType_RoundTripsBytesAndShapes(DataType dataType)
    {
        int size = RawArray.ElementSize(dataType);
        var random = new Random(17 + (int)dataType);
        RawArray Make(params long[] shape)
        {
            var bytes = new byte[shape.Aggregate(1L, (a, b) => a * b) * size];
            random.NextBytes(bytes);
            return new RawArray(dataType, shape, bytes);
        }

        var tensors = new List<KeyValuePair<string, RawArray>>
        {
            new("odd", Make(3, 1, 5)), new("scalar", Make()), new("empty", Make(4, 0, 2)), new("vector", Make(13)),
        };

        SafeTensorsFile read = ReadBytes(WriteBytes(tensors, new Dictionary<string, string> { ["k"] = "v" }));

        Assert.Equal(tensors.Count, read.Tensors.Count);
        foreach (var (name, expected) in tensors)
        {
            SerializationFixtures.AssertSame(expected, read.Tensors[name], name);
        }

        Assert.Equal("v", read.Metadata["k"]);
    }

    [Fact]
    public void Read_PythonFixture_MatchesManifest()
    {
        var manifest = SerializationFixtures.Json("all_dtypes.expected.json");
        var expected = SerializationFixtures.Tensors(manifest.GetProperty("tensors"));

        SafeTensorsFile read = SafeTensorsFile.Read(SerializationFixtures.PathOf("all_dtypes.safetensors"));

        Assert.Equal(expected.Count, read.Tensors.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            SerializationFixtures.AssertSame(expected[i], read.Tensors.GetAt(i));
        }

        Assert.Equal("pt", read.Metadata["format"]);
        Assert.Equal("make_serialization_fixtures.py", read.Metadata["source"]);
        Assert.Equal(2, read.Metadata.Count);
    }

    [Fact]
    public void Write_FixtureTensorsInAnyOrder_IsByteIdenticalToPythonFixture()
    {
        var manifest = SerializationFixtures.Json("all_dtypes.expected.json");
        var tensors = SerializationFixtures.Tensors(manifest.GetProperty("tensors"));
        tensors.Reverse();
        var metadata = new Dictionary<string, string> { ["source"] = "make_serialization_fixtures.py", ["format"] = "pt" };

        byte[] written = WriteBytes(tensors, metadata);

        Assert.Equal(File.ReadAllBytes(SerializationFixtures.PathOf("all_dtypes.safetensors")), written);
    }

    [Fact]
    public void Write_OrdersByDescendingElementSizeThenName()
    {
        byte[] file = WriteBytes(
        [
            new("a_bool", new RawArray(DataType.Bool, [1], [1])),
            new("b_f64", RawArray.FromDoubles([1.0], 1)),
            new("a_f32", RawArray.FromSingles([1f], 1)),
            new("c_i64", new RawArray(DataType.Int64, [1], new byte[8])),
            new("a_f16", new RawArray(DataType.Float16, [1], new byte[2])),
        ]);

        Assert.Equal(["c_i64", "b_f64", "a_f32", "a_f16", "a_bool"], ReadBytes(file).Tensors.Keys);
    }

    [Fact]
    public void Write_EscapesNamesAsJsonAndKeepsNonAsciiVerbatim()
    {
        const string name = "w\"\\\n\u0001\u00e9";
        byte[] file = WriteBytes([new(name, RawArray.FromSingles([2f], 1))]);

        Assert.Contains("\"w\\\"\\\\\\n\\u0001\u00e9\"", Encoding.UTF8.GetString(file), StringComparison.Ordinal);
        Assert.Equal(name, ReadBytes(file).Tensors.GetAt(0).Key);
    }

    [Fact]
    public void Read_WhitespaceAroundHeaderObject_IsAccepted()
    {
        byte[] file = Build(" \t\r\n{\"x\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}   ", [7, 9]);

        Assert.Equal([7.0, 9.0], ReadBytes(file).Tensors["x"].ToDoubleArray());
    }

    [Fact]
    public void Read_NonSeekableStream_ReadsSameContent()
    {
        byte[] file = File.ReadAllBytes(SerializationFixtures.PathOf("all_dtypes.safetensors"));

        SafeTensorsFile read = SafeTensorsFile.Read(new ForwardOnlyStream(file));

        Assert.Equal(ReadBytes(file).Tensors.Keys, read.Tensors.Keys);
    }

    [Fact]
    public void Write_ToPath_ReplacesExistingFileAndLeavesNoTemporaryFiles()
    {
        string directory = Directory.CreateTempSubdirectory("st-").FullName;
        try
        {
            string path = Path.Combine(directory, "w.safetensors");
            File.WriteAllText(path, "old");

            SafeTensorsFile.Write(path, [new("x", RawArray.FromSingles([1f, 2f], 2))]);

            Assert.Equal([1f, 2f], SafeTensorsFile.Read(path).Tensors["x"].ToSingleArray());
            Assert.Equal([path], Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WriteAtomically_WhenWritingFails_KeepsOldFileAndRemovesTemporary()
    {
        string directory = Directory.CreateTempSubdirectory("st-").FullName;
        try
        {
            string path = Path.Combine(directory, "w.safetensors");
            File.WriteAllText(path, "old");

            Assert.Throws<IOException>(() => SafeTensorsFile.WriteAtomically(path, stream =>
            {
                stream.Write(new byte[100]);
                throw new IOException("disk full");
            }));

            Assert.Equal("old", File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Write_DuplicateOrReservedName_ThrowsArgumentExceptionNamingIt()
    {
        var one = RawArray.FromSingles([1f], 1);

        var duplicate = Assert.Throws<ArgumentException>(() => WriteBytes([new("a", one), new("a", one)]));
        var reserved = Assert.Throws<ArgumentException>(() => WriteBytes([new("__metadata__", one)]));

        Assert.Contains("'a'", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("__metadata__", reserved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NullMetadataOmitsItButEmptyMetadataWritesEmptyObject()
    {
        Assert.Equal("{}      ", Encoding.UTF8.GetString(WriteBytes([])[8..]));
        Assert.StartsWith("{\"__metadata__\":{}}", Encoding.UTF8.GetString(WriteBytes([], new Dictionary<string, string>())[8..]), StringComparison.Ordinal);
    }
}
