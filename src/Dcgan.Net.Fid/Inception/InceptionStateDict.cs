using System.Buffers.Binary;
using System.Text;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// Reads and checks the state dict of pytorch-fid's Inception-v3 (from a <c>.pth</c> in the zip or the legacy
/// format, or from safetensors) and folds its batch norms into the convolutions.
/// </summary>
internal static class InceptionStateDict
{
    private const int ListedNames = 20;

    private static readonly string[] BatchNormParts = ["bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"];

    /// <summary>Every float tensor of the full file with its shape, in state-dict order (no num_batches_tracked).</summary>
    public static IReadOnlyDictionary<string, long[]> ExpectedShapes { get; } = BuildExpectedShapes();

    /// <summary>Reads a state dict, choosing the reader from the content (zip, pickle or safetensors).</summary>
    /// <exception cref="InvalidDataException">The file is none of the three formats, or is malformed.</exception>
    public static OrderedDictionary<string, RawArray> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (IsSafeTensors(path))
        {
            return SafeTensorsFile.Read(path).Tensors;
        }

        return TorchCheckpoint.ReadStateDict(path);
    }

    /// <summary>
    /// Describes what keeps <paramref name="stateDict"/> from being pytorch-fid's weights for the
    /// <paramref name="dimensions"/> level, or returns null when it is fine. Keys of layers past that level may be
    /// absent; <c>*.num_batches_tracked</c> is ignored and <c>fc.*</c> optional.
    /// </summary>
    public static string? Problems(IReadOnlyDictionary<string, RawArray> stateDict, int dimensions)
    {
        var unexpected = new List<string>();
        var wrong = new List<string>();
        foreach (var (key, array) in stateDict)
        {
            if (ExpectedShapes.TryGetValue(key, out long[]? shape))
            {
                if (!shape.AsSpan().SequenceEqual(array.Shape))
                {
                    wrong.Add($"{key} has shape {Format(array.Shape)}, expected {Format(shape)}");
                }
                else if (array.DataType is not (DataType.Float32 or DataType.Float64 or DataType.Float16 or DataType.BFloat16))
                {
                    wrong.Add($"{key} holds {array.DataType} values, expected floating point");
                }
            }
            else if (!IsBatchCounter(key))
            {
                unexpected.Add(key);
            }
        }

        var missing = RequiredKeys(dimensions).Where(k => !stateDict.ContainsKey(k)).ToList();
        if (missing.Count == 0 && unexpected.Count == 0 && wrong.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        Append(text, "missing keys", missing);
        Append(text, "unexpected keys", unexpected);
        Append(text, "mis-shaped or mis-typed keys", wrong);
        return text.ToString();
    }

    /// <summary>Folds the convolutions that <paramref name="dimensions"/> needs (the dict must have passed <see cref="Problems"/>).</summary>
    /// <exception cref="InvalidDataException">A running variance is negative or not a number.</exception>
    public static Dictionary<string, FoldedConv> Fold(IReadOnlyDictionary<string, RawArray> stateDict, int dimensions)
    {
        var result = new Dictionary<string, FoldedConv>(StringComparer.Ordinal);
        foreach (ConvSpec spec in InceptionLayout.ConvolutionsFor(dimensions))
        {
            float[] Values(string part) => stateDict[$"{spec.Prefix}.{part}"].ToSingleArray();
            float[] variance = Values("bn.running_var");
            int bad = Array.FindIndex(variance, v => !(v >= 0));
            if (bad >= 0)
            {
                throw new InvalidDataException(
                    $"{spec.Prefix}.bn.running_var[{bad}] is {variance[bad]}; a variance must be a number of at least 0.");
            }

            result.Add(spec.Prefix, FoldedConv.Fold(
                spec, Values("conv.weight"), Values("bn.weight"), Values("bn.bias"), Values("bn.running_mean"), variance));
        }

        return result;
    }

    private static IEnumerable<string> RequiredKeys(int dimensions) =>
        InceptionLayout.ConvolutionsFor(dimensions).SelectMany(s => BatchNormParts.Prepend("conv.weight").Select(p => $"{s.Prefix}.{p}"));

    private static bool IsBatchCounter(string key)
    {
        const string suffix = ".bn.num_batches_tracked";
        return key.EndsWith(suffix, StringComparison.Ordinal)
            && ExpectedShapes.ContainsKey(string.Concat(key.AsSpan(0, key.Length - suffix.Length), ".conv.weight"));
    }

    private static Dictionary<string, long[]> BuildExpectedShapes()
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (ConvSpec spec in InceptionLayout.Convolutions)
        {
            shapes.Add(spec.Prefix + ".conv.weight", spec.WeightShape);
            foreach (string part in BatchNormParts)
            {
                shapes.Add($"{spec.Prefix}.{part}", [spec.OutChannels]);
            }
        }

        shapes.Add("fc.weight", [InceptionLayout.Classes, 2048]);
        shapes.Add("fc.bias", [InceptionLayout.Classes]);
        return shapes;
    }

    /// <summary>A safetensors file starts with its header length (at most the rest of the file) and then '{'.</summary>
    private static bool IsSafeTensors(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64);
        Span<byte> start = stackalloc byte[9];
        if (stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) < start.Length)
        {
            return false;
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(start);
        return start[8] == (byte)'{' && headerLength <= (ulong)stream.Length - 8;
    }

    private static void Append(StringBuilder text, string what, List<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }

        text.Append(text.Length == 0 ? string.Empty : "; ").Append(names.Count).Append(' ').Append(what).Append(": ");
        text.AppendJoin(", ", names.Take(ListedNames));
        if (names.Count > ListedNames)
        {
            text.Append(", ...");
        }
    }

    private static string Format(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
