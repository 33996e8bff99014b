using System.Text.Json;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Serialization;

/// <summary>Paths of the serialization fixtures and a reader for their JSON manifests (hex bytes per tensor).</summary>
internal static class SerializationFixtures
{
    private static readonly Dictionary<string, DataType> DataTypes = new()
    {
        ["F32"] = DataType.Float32, ["F64"] = DataType.Float64, ["F16"] = DataType.Float16, ["BF16"] = DataType.BFloat16,
        ["I64"] = DataType.Int64, ["I32"] = DataType.Int32, ["I16"] = DataType.Int16, ["I8"] = DataType.Int8,
        ["U8"] = DataType.UInt8, ["BOOL"] = DataType.Bool,
    };

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Serialization", name);

    public static JsonElement Json(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(PathOf(name)));
        return document.RootElement.Clone();
    }

    /// <summary>Reads a manifest entry {name, dtype, shape, hex}.</summary>
    public static KeyValuePair<string, RawArray> Tensor(JsonElement entry) => new(
        entry.GetProperty("name").GetString()!,
        new RawArray(
            DataTypes[entry.GetProperty("dtype").GetString()!],
            entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
            Convert.FromHexString(entry.GetProperty("hex").GetString()!)));

    public static List<KeyValuePair<string, RawArray>> Tensors(JsonElement array) =>
        array.EnumerateArray().Select(Tensor).ToList();

    public static void AssertSame(KeyValuePair<string, RawArray> expected, KeyValuePair<string, RawArray> actual)
    {
        Assert.Equal(expected.Key, actual.Key);
        AssertSame(expected.Value, actual.Value, expected.Key);
    }

    public static void AssertSame(RawArray expected, RawArray actual, string name)
    {
        Assert.True(expected.DataType == actual.DataType, $"{name}: dtype {actual.DataType}, expected {expected.DataType}");
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{name}: shape [{string.Join(",", actual.Shape)}], expected [{string.Join(",", expected.Shape)}]");
        Assert.True(expected.Data.AsSpan().SequenceEqual(actual.Data), $"{name}: bytes differ");
    }
}
