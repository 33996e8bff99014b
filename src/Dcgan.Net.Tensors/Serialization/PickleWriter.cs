using System.Buffers.Binary;
using System.Buffers;
using System.Numerics;
using System.Text;
using Op = Dcgan.Net.Tensors.Serialization.PickleOpcodes;

namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// Emits the protocol-2 pickle of a state dict in the shape torch.save produces (spec 6.2): an
/// <c>OrderedDict</c> of <c>_rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())</c> with each storage
/// a persistent id <c>('storage', torch.XStorage, key, 'cpu', numel)</c>. No memo is used; it is optional.
/// </summary>
internal sealed class PickleWriter
{
    // Python's pickler closes SETITEMS every 1000 pairs; readers accept any batch size, this just mirrors it.
    private const int BatchSize = 1000;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>Pickles a state dict whose tensors live in storages <paramref name="storageKeys"/> (one per entry).</summary>
    public static byte[] StateDict(IReadOnlyList<KeyValuePair<string, RawArray>> entries, IReadOnlyList<string> storageKeys)
    {
        var writer = new PickleWriter();
        writer.Byte(Op.Proto).Byte(2);
        writer.Global("collections", "OrderedDict").Byte(Op.EmptyTuple).Byte(Op.Reduce);
        for (int i = 0; i < entries.Count; i++)
        {
            if (i % BatchSize == 0)
            {
                writer.Byte(Op.Mark);
            }

            writer.Tensor(entries[i].Key, entries[i].Value, storageKeys[i]);
            if (i % BatchSize == BatchSize - 1 || i == entries.Count - 1)
            {
                writer.Byte(Op.SetItems);
            }
        }

        writer.Byte(Op.Stop);
        return writer._buffer.WrittenSpan.ToArray();
    }

    private void Tensor(string name, RawArray array, string storageKey)
    {
        String(name);
        Global("torch._utils", "_rebuild_tensor_v2");
        Byte(Op.Mark);
        Byte(Op.Mark).String("storage").Global("torch", TorchCheckpointResolver.StorageClassName(array.DataType))
            .String(storageKey).String("cpu").Int(array.ElementCount).Byte(Op.Tuple).Byte(Op.BinPersId);
        Int(0);
        Tuple(array.Shape);
        Tuple(ContiguousStrides(array.Shape));
        Byte(Op.NewFalse);
        Global("collections", "OrderedDict").Byte(Op.EmptyTuple).Byte(Op.Reduce);
        Byte(Op.Tuple).Byte(Op.Reduce);
    }

    private static long[] ContiguousStrides(long[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= Math.Max(shape[i], 1);
        }

        return strides;
    }

    private PickleWriter Byte(byte value)
    {
        _buffer.Write([value]);
        return this;
    }

    private PickleWriter Global(string module, string name)
    {
        Byte(Op.Global);
        _buffer.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
        return this;
    }

    private PickleWriter String(string value)
    {
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"The name '{value}' is not valid UTF-16 (lone surrogate).", e);
        }

        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
        Byte(Op.BinUnicode);
        _buffer.Write(length);
        _buffer.Write(bytes);
        return this;
    }

    // The smallest encoding, as Python's pickler chooses it.
    private PickleWriter Int(long value)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (value is >= 0 and <= byte.MaxValue)
        {
            Byte(Op.BinInt1).Byte((byte)value);
        }
        else if (value is >= 0 and <= ushort.MaxValue)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
            Byte(Op.BinInt2);
            _buffer.Write(bytes[..2]);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
            Byte(Op.BinInt);
            _buffer.Write(bytes);
        }
        else
        {
            byte[] twosComplement = new BigInteger(value).ToByteArray(isUnsigned: false, isBigEndian: false);
            Byte(Op.Long1).Byte((byte)twosComplement.Length);
            _buffer.Write(twosComplement);
        }

        return this;
    }

    private void Tuple(long[] items)
    {
        if (items.Length == 0)
        {
            Byte(Op.EmptyTuple);
            return;
        }

        if (items.Length > 3)
        {
            Byte(Op.Mark);
        }

        foreach (long item in items)
        {
            Int(item);
        }

        Byte(items.Length switch { 1 => Op.Tuple1, 2 => Op.Tuple2, 3 => Op.Tuple3, _ => Op.Tuple });
    }
}
