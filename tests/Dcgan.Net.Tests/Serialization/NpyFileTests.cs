using System.Text;
using System.Text.Json;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Serialization;

public class NpyFileTests
{
    internal static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Fid", "npy");

    /// <summary>Per file: dtype string, shape and the values in row-major order, as numpy wrote them (tools/make_fid_fixtures.py).</summary>
    internal static JsonElement Manifest { get; } =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json"))).RootElement;

    public static TheoryData<string> NumpyFiles()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Manifest.EnumerateObject().Where(e => e.Name.EndsWith(".npy", StringComparison.Ordinal)))
        {
            data.Add(entry.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NumpyFiles))]
    public void Read_NumpyFile_GivesNumpysShapeAndRowMajorValues(string name)
    {
        var expected = Manifest.GetProperty(name);
        var array = NpyFile.Read(Path.Combine(Folder, name));

        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), array.Shape);
        Assert.Equal(ExpectedType(expected.GetProperty("descr").GetString()!), array.DataType);
        AssertValues(expected.GetProperty("values"), array);
    }

    [Theory]
    [InlineData("f4_2x3.npy")]
    [InlineData("f8_5.npy")]
    [InlineData("u1_2x2x2.npy")]
    [InlineData("i4_3.npy")]
    [InlineData("i8_scalar.npy")]
    [InlineData("b1_4.npy")]
    [InlineData("f2_3.npy")]
    [InlineData("f4_0x3.npy")]
    public void Write_SameArray_GivesNumpysExactBytes(string name)
    {
        byte[] numpyBytes = File.ReadAllBytes(Path.Combine(Folder, name));

        byte[] ours = NpyFile.ToBytes(NpyFile.Read(new MemoryStream(numpyBytes)));

        Assert.Equal(numpyBytes, ours);
    }

    [Fact]
    public void Write_BigEndianAndFortranInputs_AreWrittenAsLittleEndianRowMajor()
    {
        var fortran = NpyFile.Read(Path.Combine(Folder, "fortran_f8_3x4.npy"));
        byte[] bytes = NpyFile.ToBytes(fortran);

        string header = Encoding.Latin1.GetString(bytes, 10, bytes[8]);
        Assert.StartsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }", header, StringComparison.Ordinal);
        Assert.Equal(0, bytes.Length % 8);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (double)i), NpyFile.Read(new MemoryStream(bytes)).ToDoubleArray());
    }

    public static TheoryData<DataType, long[]> RoundTripCases() => new()
    {
        { DataType.Float32, [] },
        { DataType.Float64, [7] },
        { DataType.Float16, [3, 5] },
        { DataType.Int64, [2, 3, 4] },
        { DataType.Int32, [1, 2, 3, 2] },
        { DataType.Int16, [9] },
        { DataType.Int8, [4, 4] },
        { DataType.UInt8, [2, 0, 3] },
        { DataType.Bool, [6] },
        { DataType.Float64, [1_234_567] },
    };

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void WriteThenRead_AnySupportedTypeAndRank_RoundTripsBytes(DataType type, long[] shape)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var data = new byte[count * RawArray.ElementSize(type)];
        new Random(42).NextBytes(data);
        if (type == DataType.Bool)
        {
            for (int i = 0; i < data.Length; i++)
            {
                data[i] &= 1;
            }
        }

        var array = new RawArray(type, shape, data);

        byte[] bytes = NpyFile.ToBytes(array);
        var back = NpyFile.Read(new MemoryStream(bytes));
        var backUnseekable = NpyFile.Read(new ForwardOnlyStream(bytes));

        Assert.Equal(0, (bytes.Length - data.Length) % 64);
        Assert.Equal(type, back.DataType);
        Assert.Equal(shape, back.Shape);
        Assert.Equal(data, back.Data);
        Assert.Equal(data, backUnseekable.Data);
    }

    [Fact]
    public void WriteThenRead_File_RoundTrips()
    {
        string path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            var array = RawArray.FromSingles([1f, -2.5f, float.NaN, 7e-30f], 2, 2);
            NpyFile.Write(path, array);
            var back = NpyFile.Read(path);
            Assert.Equal(array.Data, back.Data);
            Assert.Equal(array.Shape, back.Shape);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_BFloat16_ThrowsNotSupported()
    {
        var array = new RawArray(DataType.BFloat16, [2], new byte[4]);
        var e = Assert.Throws<NotSupportedException>(() => NpyFile.ToBytes(array));
        Assert.Contains("BFloat16", e.Message, StringComparison.Ordinal);
    }

    internal static DataType ExpectedType(string descr) => descr[1..] switch
    {
        "f4" => DataType.Float32,
        "f8" => DataType.Float64,
        "f2" => DataType.Float16,
        "i8" => DataType.Int64,
        "i4" => DataType.Int32,
        "u1" => DataType.UInt8,
        "b1" => DataType.Bool,
        _ => throw new ArgumentException(descr),
    };

    internal static void AssertValues(JsonElement expected, RawArray array)
    {
        double[] actual = array.ToDoubleArray();
        var values = expected.EnumerateArray().Select(ParseNumber).ToArray();
        Assert.Equal(values.Length, actual.Length);
        for (int i = 0; i < values.Length; i++)
        {
            // Bit-exact, including -0.0 and infinities; float32/float16 values were widened exactly by both sides.
            Assert.Equal(BitConverter.DoubleToInt64Bits(values[i]), BitConverter.DoubleToInt64Bits(actual[i]));
        }
    }

    private static double ParseNumber(JsonElement e) => e.ValueKind == JsonValueKind.Number
        ? e.GetDouble()
        : e.GetString() switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            "nan" => double.NaN,
            var other => throw new InvalidDataException($"Unexpected manifest value '{other}'."),
        };

    /// <summary>A read-only stream that cannot seek, like a deflated zip member.</summary>
    internal sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
