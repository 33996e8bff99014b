using System.Buffers.Binary;
using System.Text;

namespace Dcgan.Net.Tests.Serialization;

/// <summary>Assembles pickle byte streams by hand for hostile-input tests (independent of the writer under test).</summary>
internal sealed class PickleBytes
{
    private readonly List<byte> _bytes = [];

    public static byte[] LegacyHeader()
    {
        // magic 0x1950a86a20f9469cfc6c as LONG1 (10 bytes little-endian), protocol version 1001, empty sys-info dict.
        byte[] magic = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
        return [0x80, 2, 0x8A, 10, .. magic, (byte)'.', 0x80, 2, (byte)'M', 0xE9, 0x03, (byte)'.', 0x80, 2, (byte)'}', (byte)'.'];
    }

    /// <summary>A legacy checkpoint: header, the object pickle, an empty storage-key list unless given.</summary>
    public static byte[] Legacy(byte[] objectPickle, byte[]? tail = null) =>
        [.. LegacyHeader(), .. objectPickle, .. tail ?? [0x80, 2, (byte)']', (byte)'.']];

    public PickleBytes Op(params char[] opcodes)
    {
        foreach (char c in opcodes)
        {
            _bytes.Add((byte)c);
        }

        return this;
    }

    public PickleBytes Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public PickleBytes Str(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        Op('X').Raw(BitConverter.GetBytes(utf8.Length)).Raw(utf8);
        return this;
    }

    public PickleBytes Int(int value)
    {
        var le = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(le, value);
        return Op('J').Raw(le);
    }

    public PickleBytes Global(string module, string name) => Op('c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    /// <summary>A tensor: _rebuild_tensor_v2(('storage', torch.FloatStorage, key, 'cpu', numel), offset, size, stride, False, OrderedDict()).</summary>
    /// <param name="view">Optional legacy storage view (view key, offset, size) as the sixth persistent-id item.</param>
    public PickleBytes Tensor(string key, int numel, int offset, int[] size, int[] stride, (string Key, int Offset, int Size)? view = null)
    {
        Global("torch._utils", "_rebuild_tensor_v2").Op('(');
        Op('(').Str("storage").Global("torch", "FloatStorage").Str(key).Str("cpu").Int(numel);
        if (view is var (viewKey, viewOffset, viewSize))
        {
            Str(viewKey).Int(viewOffset).Int(viewSize).Op('\u0087');
        }

        Op('t', 'Q');
        Int(offset).Op('(');
        foreach (int s in size)
        {
            Int(s);
        }

        Op('t', '(');
        foreach (int s in stride)
        {
            Int(s);
        }

        return Op('t').Raw(0x89).Global("collections", "OrderedDict").Op(')', 'R', 't', 'R');
    }

    public byte[] ToArray() => [0x80, 2, .. _bytes];
}
