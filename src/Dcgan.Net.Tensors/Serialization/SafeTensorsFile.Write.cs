using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Dcgan.Net.Tensors.Serialization;

public sealed partial class SafeTensorsFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Writes tensors to a safetensors file. The file is written to a temporary file in the same directory and then
    /// renamed over <paramref name="path"/>, so an existing file is never left half-written.
    /// </summary>
    /// <param name="path">Destination file; replaced if it exists.</param>
    /// <param name="tensors">Tensors by name (PyTorch state-dict names); names must be unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional string map stored under <c>__metadata__</c> (keys written in ordinal order);
    /// <see langword="null"/> (the default) writes none, an empty map writes an empty object as the Python library does.</param>
    /// <exception cref="ArgumentException">A name is duplicated, reserved or not encodable as UTF-8.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(
        string path,
        IEnumerable<KeyValuePair<string, RawArray>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (ordered, header) = Prepare(tensors, metadata);
        WriteAtomically(path, stream => Emit(stream, ordered, header));
    }

    /// <summary>Writes tensors in safetensors format to <paramref name="stream"/> at its current position.</summary>
    /// <param name="stream">A writable stream; left open.</param>
    /// <param name="tensors">Tensors by name; names must be unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional string map stored under <c>__metadata__</c>; see
    /// <see cref="Write(string, IEnumerable{KeyValuePair{string, RawArray}}, IReadOnlyDictionary{string, string}?)"/>.</param>
    /// <exception cref="ArgumentException">A name is duplicated, reserved or not encodable as UTF-8.</exception>
    public static void Write(
        Stream stream,
        IEnumerable<KeyValuePair<string, RawArray>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (ordered, header) = Prepare(tensors, metadata);
        Emit(stream, ordered, header);
    }

    private static (List<KeyValuePair<string, RawArray>> Ordered, byte[] Header) Prepare(
        IEnumerable<KeyValuePair<string, RawArray>> tensors,
        IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var ordered = new List<KeyValuePair<string, RawArray>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in tensors)
        {
            ArgumentNullException.ThrowIfNull(pair.Key, nameof(tensors));
            if (pair.Value is null)
            {
                throw new ArgumentException($"Tensor '{pair.Key}' is null.", nameof(tensors));
            }

            if (pair.Key == MetadataKey)
            {
                throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor.", nameof(tensors));
            }

            if (!names.Add(pair.Key))
            {
                throw new ArgumentException($"Tensor name '{pair.Key}' appears twice.", nameof(tensors));
            }

            ordered.Add(pair);
        }

        // The reference writer's order: larger element types first so every tensor stays aligned, then by name.
        ordered.Sort((a, b) =>
        {
            int byType = SafeTensorsDataTypes.AlignmentRank(b.Value.DataType)
                .CompareTo(SafeTensorsDataTypes.AlignmentRank(a.Value.DataType));
            return byType != 0 ? byType : string.CompareOrdinal(a.Key, b.Key);
        });

        return (ordered, BuildHeader(ordered, metadata));
    }

    private static byte[] BuildHeader(List<KeyValuePair<string, RawArray>> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new StringBuilder("{");
        bool first = true;
        if (metadata is not null)
        {
            json.Append('"').Append(MetadataKey).Append("\":{");
            bool firstItem = true;
            foreach (var item in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                ArgumentNullException.ThrowIfNull(item.Value, nameof(metadata));
                json.Append(firstItem ? string.Empty : ",");
                AppendJsonString(json, item.Key);
                json.Append(':');
                AppendJsonString(json, item.Value);
                firstItem = false;
            }

            json.Append('}');
            first = false;
        }

        long offset = 0;
        foreach (var (name, array) in ordered)
        {
            json.Append(first ? string.Empty : ",");
            AppendJsonString(json, name);
            json.Append(":{\"dtype\":\"").Append(SafeTensorsDataTypes.ToName(array.DataType)).Append("\",\"shape\":[");
            json.AppendJoin(',', array.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
            long end = offset + array.Data.LongLength;
            json.Append(CultureInfo.InvariantCulture, $"],\"data_offsets\":[{offset},{end}]}}");
            offset = end;
            first = false;
        }

        json.Append('}');
        byte[] text;
        try
        {
            text = StrictUtf8.GetBytes(json.ToString());
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("A tensor name or metadata entry is not valid UTF-16 (lone surrogate).", e);
        }

        // Spaces pad the header so that the data buffer starts 8-byte aligned.
        int padded = (text.Length + 7) / 8 * 8;
        var header = new byte[padded];
        text.CopyTo(header, 0);
        header.AsSpan(text.Length).Fill((byte)' ');
        return header;
    }

    // Escapes as serde_json does: quote, backslash and control characters only; everything else verbatim.
    private static void AppendJsonString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: json.Append(c); break;
            }
        }

        json.Append('"');
    }

    private static void Emit(Stream stream, List<KeyValuePair<string, RawArray>> ordered, byte[] header)
    {
        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var pair in ordered)
        {
            stream.Write(pair.Value.Data);
        }

        stream.Flush();
    }
}
