using System.Text.Json;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Fid.Inception;

/// <summary>
/// The Inception fixtures of tools/make_inception_fixtures.py. The 95 MB state dict and the input images are not
/// stored: they are rebuilt here from the script's formula, bit for bit (a splitmix64 hash of (tensor number,
/// element number) to 24 bits, mapped to float32 with single roundings; see the script's docstring). Stored are
/// torch's features, the state-dict layout, and two small torch-written checkpoints of the first 18 entries.
/// </summary>
internal static class InceptionFixtures
{
    public const int InputKey = 1_000_000;

    private static readonly Lazy<OrderedDictionary<string, RawArray>> LazyStateDict = new(BuildStateDict);
    private static readonly Lazy<SafeTensorsFile> LazyFeatures = new(() => SafeTensorsFile.Read(PathOf("inception_features.safetensors")));

    /// <summary>The inputs of the script, by name: [N, C, H, W].</summary>
    public static IReadOnlyList<(string Name, int[] Shape)> Inputs { get; } =
    [
        ("rgb32", [2, 3, 32, 32]),
        ("gray28", [2, 1, 28, 28]),
        ("full299", [1, 3, 299, 299]),
        ("odd61x47", [1, 3, 61, 47]),
    ];

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Fid", "Inception");

    /// <summary>The full 566-entry state dict of the formula (shared; do not modify).</summary>
    public static OrderedDictionary<string, RawArray> StateDict => LazyStateDict.Value;

    public static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>The state-dict layout torch reported: (name, shape, dtype) in order.</summary>
    public static List<(string Name, long[] Shape, string DataType)> Layout()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(PathOf("inception_layout.json")));
        return [.. document.RootElement.EnumerateArray().Select(e => (
            e.GetProperty("name").GetString()!,
            e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
            e.GetProperty("dtype").GetString()!))];
    }

    /// <summary>Input number <paramref name="number"/> of the script (its position in <see cref="Inputs"/>).</summary>
    public static Tensor Input(int number)
    {
        int[] shape = Inputs[number].Shape;
        var pixels = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = Bits24(InputKey + number, i) * MathF.ScaleB(1f, -24);
        }

        return Tensor.FromArray(pixels, shape);
    }

    /// <summary>torch's float32 features (or float64 with <paramref name="float64"/>) of an input at a level, [N * dims].</summary>
    public static double[] Expected(string input, int dimensions, bool float64 = false) =>
        LazyFeatures.Value.Tensors[$"{input}.{dimensions}{(float64 ? ".f64" : string.Empty)}"].ToDoubleArray();

    /// <summary>24 hashed bits of element <paramref name="index"/> of tensor <paramref name="key"/>, as a float.</summary>
    public static float Bits24(long key, long index)
    {
        ulong z = ((ulong)key << 32) | (ulong)index;
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return z >> 40;
    }

    private static OrderedDictionary<string, RawArray> BuildStateDict()
    {
        var result = new OrderedDictionary<string, RawArray>(StringComparer.Ordinal);
        var layout = Layout();
        for (int key = 0; key < layout.Count; key++)
        {
            (string name, long[] shape, _) = layout[key];
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                result.Add(name, new RawArray(DataType.Int64, shape, BitConverter.GetBytes((long)key)));
                continue;
            }

            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            float scale = name.EndsWith("conv.weight", StringComparison.Ordinal)
                ? (float)Math.Sqrt(6.0 / (shape[1] * shape[2] * shape[3]))
                : 0f;
            for (int i = 0; i < values.Length; i++)
            {
                float v = (Bits24(key, i) * MathF.ScaleB(1f, -23)) - 1f;
                values[i] = name switch
                {
                    _ when name.EndsWith("conv.weight", StringComparison.Ordinal) => v * scale,
                    _ when name.EndsWith("bn.weight", StringComparison.Ordinal) || name.EndsWith("bn.running_var", StringComparison.Ordinal) => 1f + (0.2f * v),
                    _ when name.EndsWith("bn.bias", StringComparison.Ordinal) || name.EndsWith("bn.running_mean", StringComparison.Ordinal) => 0.2f * v,
                    _ => 0.01f * v,
                };
            }

            result.Add(name, RawArray.FromSingles(values, shape));
        }

        return result;
    }
}
