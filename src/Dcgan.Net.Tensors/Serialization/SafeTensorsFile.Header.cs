using System.Text.Json;

namespace Dcgan.Net.Tensors.Serialization;

public sealed partial class SafeTensorsFile
{
    private const string MetadataKey = "__metadata__";

    // The header nests three levels deep ({name: {shape: [..]}}); anything deeper is rejected by the parser.
    private static readonly JsonDocumentOptions HeaderJsonOptions = new()
    {
        MaxDepth = 4,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private sealed record HeaderEntry(string Name, DataType DataType, long[] Shape, long Begin, long End);

    private static (List<HeaderEntry> Entries, OrderedDictionary<string, string> Metadata) ParseHeader(byte[] header)
    {
        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            throw new InvalidDataException($"The safetensors header (bytes 8-{8 + header.Length - 1}) is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, HeaderJsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"The safetensors header (bytes 8-{8 + header.Length - 1}) is not valid UTF-8 JSON: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The safetensors header is a JSON {root.ValueKind}, not an object.");
            }

            var entries = new List<HeaderEntry>();
            var metadata = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new InvalidDataException($"The safetensors header has the key '{property.Name}' twice.");
                }

                if (property.Name == MetadataKey)
                {
                    ParseMetadata(property.Value, metadata);
                }
                else
                {
                    entries.Add(ParseEntry(property.Name, property.Value));
                }
            }

            return (entries, metadata);
        }
    }

    private static void ParseMetadata(JsonElement value, OrderedDictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"The safetensors '{MetadataKey}' entry is a JSON {value.ValueKind}, not an object.");
        }

        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException(
                    $"The safetensors metadata value of '{item.Name}' is a JSON {item.Value.ValueKind}; only strings are allowed.");
            }

            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw new InvalidDataException($"The safetensors metadata has the key '{item.Name}' twice.");
            }
        }
    }

    // Unknown fields inside a tensor entry are ignored, as the reference reader does.
    private static HeaderEntry ParseEntry(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"The safetensors entry of tensor '{name}' is a JSON {value.ValueKind}, not an object.");
        }

        if (!value.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"Tensor '{name}' has no string 'dtype' in the safetensors header.");
        }

        string dtype = dtypeElement.GetString()!;
        if (!SafeTensorsDataTypes.TryParse(dtype, out DataType dataType))
        {
            throw new InvalidDataException(SafeTensorsDataTypes.IsKnownButUnsupported(dtype)
                ? $"Tensor '{name}' has dtype '{dtype}', which this library does not support."
                : $"Tensor '{name}' has the unknown dtype '{dtype}'.");
        }

        long[] shape = ReadIntegers(name, value, "shape", expectedCount: null);
        long[] offsets = ReadIntegers(name, value, "data_offsets", expectedCount: 2);
        return new HeaderEntry(name, dataType, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(string name, JsonElement entry, string field, int? expectedCount)
    {
        if (!entry.TryGetProperty(field, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"Tensor '{name}' has no '{field}' array in the safetensors header.");
        }

        int count = array.GetArrayLength();
        if (expectedCount is int expected && count != expected)
        {
            throw new InvalidDataException($"Tensor '{name}' has {count} '{field}' values; expected {expected}.");
        }

        var result = new long[count];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v) || v < 0)
            {
                throw new InvalidDataException(
                    $"Tensor '{name}' has '{field}' value {item.GetRawText()}; expected a non-negative integer.");
            }

            result[i++] = v;
        }

        return result;
    }

    // Follows the reference validation: sorted by offsets, the tensors must tile the data buffer exactly.
    private static void ValidateLayout(List<HeaderEntry> entries, long dataLength)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expectedBegin = 0;
        foreach (HeaderEntry entry in entries)
        {
            if (entry.Begin != expectedBegin)
            {
                throw new InvalidDataException(
                    $"Tensor '{entry.Name}' has data_offsets [{entry.Begin}, {entry.End}] but the previous tensor ends at " +
                    $"{expectedBegin}; tensors must follow one another without gaps or overlaps.");
            }

            if (entry.End < entry.Begin)
            {
                throw new InvalidDataException(
                    $"Tensor '{entry.Name}' has data_offsets [{entry.Begin}, {entry.End}] that end before they begin.");
            }

            long byteCount = ByteCount(entry);
            if (entry.End - entry.Begin != byteCount)
            {
                throw new InvalidDataException(
                    $"Tensor '{entry.Name}' ({SafeTensorsDataTypes.ToName(entry.DataType)}, shape [{string.Join(", ", entry.Shape)}]) " +
                    $"needs {byteCount} bytes but its data_offsets [{entry.Begin}, {entry.End}] span {entry.End - entry.Begin}.");
            }

            if (entry.End > dataLength)
            {
                throw new InvalidDataException(
                    $"Tensor '{entry.Name}' has data_offsets [{entry.Begin}, {entry.End}] past the end of the " +
                    $"{dataLength}-byte data buffer.");
            }

            if (byteCount > Array.MaxLength)
            {
                throw new InvalidDataException(
                    $"Tensor '{entry.Name}' holds {byteCount} bytes, more than one .NET array can hold ({Array.MaxLength}).");
            }

            expectedBegin = entry.End;
        }

        if (expectedBegin != dataLength)
        {
            throw new InvalidDataException(
                $"The safetensors data buffer holds {dataLength} bytes but the tensors cover {expectedBegin}; " +
                "trailing or missing bytes are not allowed.");
        }
    }

    private static long ByteCount(HeaderEntry entry)
    {
        try
        {
            long count = 1;
            foreach (long d in entry.Shape)
            {
                count = checked(count * d);
            }

            return checked(count * RawArray.ElementSize(entry.DataType));
        }
        catch (OverflowException e)
        {
            throw new InvalidDataException(
                $"Tensor '{entry.Name}' has shape [{string.Join(", ", entry.Shape)}] whose byte size overflows 64 bits.", e);
        }
    }
}
