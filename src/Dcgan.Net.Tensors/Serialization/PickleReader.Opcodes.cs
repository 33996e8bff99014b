using System.Buffers.Binary;
using Op = Dcgan.Net.Tensors.Serialization.PickleOpcodes;

namespace Dcgan.Net.Tensors.Serialization;

internal sealed partial class PickleReader
{
    private void Execute(byte opcode)
    {
        switch (opcode)
        {
            case Op.Proto:
                byte protocol = ReadUInt8();
                if (protocol > 5)
                {
                    throw Error($"Pickle protocol {protocol} is not supported (2 to 5 are)");
                }

                break;
            case Op.Frame:
                ReadUInt64();
                break;
            case Op.Mark: PushMark(); break;
            case Op.Pop: Pop(); break;
            case Op.PopMark: PopToMark(); break;
            case Op.Dup: Push(Peek()); break;
            case Op.None: Push(null); break;
            case Op.NewTrue: Push(true); break;
            case Op.NewFalse: Push(false); break;
            case Op.BinInt1: Push((long)ReadUInt8()); break;
            case Op.BinInt2:
                Span<byte> two = stackalloc byte[2];
                ReadInto(two);
                Push((long)BinaryPrimitives.ReadUInt16LittleEndian(two));
                break;
            case Op.BinInt: Push((long)(int)ReadUInt32()); break;
            case Op.Long1: PushLong(ReadUInt8()); break;
            case Op.Long4: PushLong((int)ReadUInt32()); break;
            case Op.BinFloat:
                Span<byte> eight = stackalloc byte[8];
                ReadInto(eight);
                Push(BinaryPrimitives.ReadDoubleBigEndian(eight));
                break;
            case Op.BinUnicode: Push(ReadUtf8(ReadUInt32())); break;
            case Op.ShortBinUnicode: Push(ReadUtf8(ReadUInt8())); break;
            case Op.BinUnicode8: Push(ReadUtf8(CheckedLength(ReadUInt64()))); break;

            // Python 2 str objects; torch.load decodes them as UTF-8.
            case Op.ShortBinString: Push(ReadUtf8(ReadUInt8())); break;
            case Op.BinString: Push(ReadUtf8((int)ReadUInt32())); break;
            case Op.ShortBinBytes: Push(ReadBytes(ReadUInt8())); break;
            case Op.BinBytes: Push(ReadBytes(ReadUInt32())); break;
            case Op.BinBytes8: Push(ReadBytes(CheckedLength(ReadUInt64()))); break;
            case Op.EmptyTuple: Push(Array.Empty<object?>()); break;
            case Op.Tuple: Push(PopToMark()); break;
            case Op.Tuple1: Push(PopTuple(1)); break;
            case Op.Tuple2: Push(PopTuple(2)); break;
            case Op.Tuple3: Push(PopTuple(3)); break;
            case Op.EmptyList: Push(new List<object?>()); break;
            case Op.List: Push(new List<object?>(PopToMark())); break;
            case Op.Append:
                object? item = Pop();
                ListOnTop().Add(item);
                break;
            case Op.Appends:
                object?[] items = PopToMark();
                ListOnTop().AddRange(items);
                break;
            case Op.EmptyDict: Push(NewDict()); break;
            case Op.Dict:
                var dict = NewDict();
                SetItems(dict, PopToMark());
                Push(dict);
                break;
            case Op.SetItem:
                object? value = Pop();
                object? key = Pop();
                SetItem(DictOnTop(), key, value);
                break;
            case Op.SetItems:
                object?[] pairs = PopToMark();
                SetItems(DictOnTop(), pairs);
                break;
            case Op.BinPut: MemoPut(ReadUInt8()); break;
            case Op.LongBinPut: MemoPut(ReadUInt32()); break;
            case Op.Memoize: MemoPut(_memo.Count); break;
            case Op.BinGet: Push(MemoGet(ReadUInt8())); break;
            case Op.LongBinGet: Push(MemoGet(ReadUInt32())); break;
            case Op.Global:
                string module = ReadLine();
                string name = ReadLine();
                Push(_resolver.ResolveGlobal(module, name, Offset));
                break;
            case Op.StackGlobal:
                object? globalName = Pop();
                object? globalModule = Pop();
                if (globalModule is not string m || globalName is not string n)
                {
                    throw Error("STACK_GLOBAL expects two strings (module, name) on the stack");
                }

                Push(_resolver.ResolveGlobal(m, n, Offset));
                break;
            case Op.Reduce:
            case Op.NewObj:
                object? args = Pop();
                object? callable = Pop();
                if (args is not object?[] argTuple || callable is null)
                {
                    throw Error($"{(opcode == Op.Reduce ? "REDUCE" : "NEWOBJ")} expects a callable and an argument tuple");
                }

                Push(_resolver.Call(callable, argTuple, opcode == Op.NewObj, Offset));
                break;
            case Op.Build:
                object? state = Pop();
                _resolver.Build(Peek(), state, Offset);
                break;
            case Op.BinPersId: Push(_resolver.PersistentLoad(Pop(), Offset)); break;
            default:
                throw Error($"Pickle opcode 0x{opcode:X2} ('{Printable(opcode)}') is not supported");
        }
    }

    private static string Printable(byte opcode) =>
        opcode is >= 0x20 and < 0x7F ? ((char)opcode).ToString() : "non-ASCII";

    private long CheckedLength(ulong length) =>
        length <= long.MaxValue ? (long)length : throw Error($"The pickle declares a {length}-byte argument");

    private object?[] PopTuple(int count)
    {
        var tuple = new object?[count];
        for (int i = count - 1; i >= 0; i--)
        {
            tuple[i] = Pop();
        }

        return tuple;
    }

    private static OrderedDictionary<object, object?> NewDict() => new();

    private List<object?> ListOnTop() =>
        Peek() as List<object?> ?? throw Error("APPEND/APPENDS target is not a list");

    private OrderedDictionary<object, object?> DictOnTop() =>
        Peek() as OrderedDictionary<object, object?> ?? throw Error("SETITEM/SETITEMS target is not a dict");

    private void SetItems(OrderedDictionary<object, object?> dict, object?[] pairs)
    {
        if (pairs.Length % 2 != 0)
        {
            throw Error($"SETITEMS/DICT has an odd number ({pairs.Length}) of keys and values");
        }

        for (int i = 0; i < pairs.Length; i += 2)
        {
            SetItem(dict, pairs[i], pairs[i + 1]);
        }
    }

    // Keys are limited to value types with .NET equality that matches Python's for the same type.
    private void SetItem(OrderedDictionary<object, object?> dict, object? key, object? value)
    {
        if (key is not (string or long or System.Numerics.BigInteger or double or bool))
        {
            throw Error($"Dictionary keys of type {Describe(key)} are not supported (strings, ints, floats and bools are)");
        }

        dict[key] = value;
    }

    /// <summary>A short Python-flavoured name of a value's type for error messages.</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "None",
        string => "str",
        long or System.Numerics.BigInteger => "int",
        double => "float",
        bool => "bool",
        byte[] => "bytes",
        object?[] => "tuple",
        List<object?> => "list",
        OrderedDictionary<object, object?> => "dict",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
