using System.Buffers.Binary;
using System.Text;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Fid.Inception;

/// <summary>
/// Writes a state dict in PyTorch's legacy (pre-1.6) checkpoint format, for tests only: the library reads that
/// format but has no reason to write it. Layout (tools/make_serialization_fixtures.py): the magic-number pickle,
/// the protocol-1001 pickle, a sys-info pickle, the state dict pickle with storage persistent ids, the pickled
/// list of storage keys, then for each key an int64 element count and the raw bytes.
/// </summary>
internal static class LegacyCheckpointWriter
{
    private static readonly byte[] Magic = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E];
    private static readonly byte[] Protocol = [0x80, 0x02, (byte)'M', 0xE9, 0x03, 0x2E];

    public static void Write(string path, IReadOnlyList<KeyValuePair<string, RawArray>> entries)
    {
        var keys = entries.Select((_, i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        stream.Write(Magic);
        stream.Write(Protocol);
        stream.Write(SysInfo());
        stream.Write(PickleWriter.StateDict(entries, keys));
        stream.Write(KeyList(keys));
        Span<byte> count = stackalloc byte[8];
        foreach (var (_, array) in entries)
        {
            BinaryPrimitives.WriteInt64LittleEndian(count, array.ElementCount);
            stream.Write(count);
            stream.Write(array.Data);
        }
    }

    /// <summary>{'little_endian': True}.</summary>
    private static byte[] SysInfo() => [0x80, 0x02, (byte)'}', .. Unicode("little_endian"), 0x88, (byte)'s', 0x2E];

    private static byte[] KeyList(List<string> keys) =>
        [0x80, 0x02, (byte)']', (byte)'(', .. keys.SelectMany(Unicode), (byte)'e', 0x2E];

    private static byte[] Unicode(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var result = new byte[5 + bytes.Length];
        result[0] = (byte)'X';
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(1), bytes.Length);
        bytes.CopyTo(result, 5);
        return result;
    }
}
