using System.Collections.Concurrent;
using System.Text.Json;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Tensors;

/// <summary>
/// Reads the safetensors fixtures written by tools/make_engine_fixtures.py and tools/make_training_fixtures.py: an 8-byte little-endian header
/// length, a JSON header {name: {dtype, shape, data_offsets}, __metadata__}, then the raw little-endian data.
/// A deliberately tiny test-only reader (F32, I64 and U8 are all the fixtures use), so the engine tests do not
/// depend on the library's own safetensors reader. Files are parsed once per test run.
/// </summary>
internal sealed class FixtureFile
{
    private static readonly ConcurrentDictionary<string, FixtureFile> s_cache = new();

    private readonly Dictionary<string, RawArray> _arrays;

    private FixtureFile(Dictionary<string, RawArray> arrays, Dictionary<string, string> metadata)
    {
        _arrays = arrays;
        Metadata = metadata;
    }

    /// <summary>The string-to-string <c>__metadata__</c> map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every tensor name in the file.</summary>
    public IEnumerable<string> Names => _arrays.Keys;

    /// <summary>Loads Fixtures/Tensors/<paramref name="fileName"/> from the test output directory (cached).</summary>
    public static FixtureFile Load(string fileName) => Load("Tensors", fileName);

    /// <summary>Loads Fixtures/<paramref name="area"/>/<paramref name="fileName"/> from the test output directory (cached).</summary>
    public static FixtureFile Load(string area, string fileName) =>
        s_cache.GetOrAdd(Path.Combine(area, fileName), static path => Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", path))));

    public bool Contains(string name) => _arrays.ContainsKey(name);

    public RawArray Raw(string name) =>
        _arrays.TryGetValue(name, out var raw) ? raw : throw new KeyNotFoundException($"Fixture tensor '{name}' is missing.");

    /// <summary>A float32 tensor (a new leaf each call, so tests may mutate it or set RequiresGrad).</summary>
    public Tensor Tensor(string name)
    {
        var raw = Raw(name);
        return Dcgan.Net.Tensors.Tensor.FromArray(raw.ToSingleArray(), raw.Shape.Select(d => (int)d).ToArray());
    }

    /// <summary>The tensor, or null when the file has no entry of that name (a None input).</summary>
    public Tensor? TensorOrNull(string name) => Contains(name) ? Tensor(name) : null;

    /// <summary>All entries whose names start with <paramref name="prefix"/>, with the prefix removed.</summary>
    public Dictionary<string, RawArray> WithPrefix(string prefix) =>
        _arrays.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    private static FixtureFile Parse(byte[] bytes)
    {
        if (bytes.Length < 8)
        {
            throw new InvalidDataException("Fixture shorter than its 8-byte header length.");
        }

        long headerLength = BitConverter.ToInt64(bytes, 0);
        if (headerLength < 2 || 8 + headerLength > bytes.Length)
        {
            throw new InvalidDataException($"Fixture header length {headerLength} does not fit a file of {bytes.Length} bytes.");
        }

        int dataStart = 8 + (int)headerLength;
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var arrays = new Dictionary<string, RawArray>();
        var metadata = new Dictionary<string, string>();
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                foreach (var m in entry.Value.EnumerateObject())
                {
                    metadata[m.Name] = m.Value.GetString()!;
                }

                continue;
            }

            var type = entry.Value.GetProperty("dtype").GetString() switch
            {
                "F32" => DataType.Float32,
                "I64" => DataType.Int64,
                "U8" => DataType.UInt8,
                var other => throw new InvalidDataException($"Fixture tensor '{entry.Name}' has unsupported dtype {other}."),
            };
            long[] shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            byte[] data = bytes.AsSpan(dataStart + offsets[0], offsets[1] - offsets[0]).ToArray();
            arrays[entry.Name] = new RawArray(type, shape, data);
        }

        return new FixtureFile(arrays, metadata);
    }
}
