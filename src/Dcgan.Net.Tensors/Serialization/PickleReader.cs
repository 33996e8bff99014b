using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// A restricted unpickler for pickle protocols 2 to 5 (the opcodes torch.save emits, spec 6.3). It builds plain
/// .NET values: <see langword="null"/>, <see cref="bool"/>, <see cref="long"/> (or <see cref="BigInteger"/> when
/// out of range), <see cref="double"/>, <see cref="string"/>, <see cref="byte"/>[] (bytes), <see cref="List{T}"/>
/// (list), <c>object?[]</c> (tuple) and <see cref="OrderedDictionary{TKey, TValue}"/> (dict); anything else comes
/// from the <see cref="IPickleResolver"/>.
/// </summary>
/// <remarks>
/// Hostile input is bounded: string and byte lengths by the bytes left in the input, the value stack by
/// <see cref="MaxStackDepth"/>, the memo by <see cref="MaxMemoEntries"/>. The machine never recurses, so deeply
/// nested input cannot overflow the call stack here (the tree walk after loading checks the nesting depth).
/// </remarks>
internal sealed partial class PickleReader
{
    /// <summary>Most values the stack may hold at once (torch pickles need a few thousand at most).</summary>
    public const int MaxStackDepth = 100_000;

    /// <summary>Most memo entries (a state dict uses about 20 per tensor).</summary>
    public const int MaxMemoEntries = 1_000_000;

    private const int MaxGlobalNameLength = 256;
    private const int MaxLongBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly object MarkObject = new();

    private readonly Stream _stream;
    private readonly long _end;
    private readonly IPickleResolver _resolver;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    private long _opcodeOffset;

    /// <param name="stream">A seekable stream positioned at the first opcode; reading stops right after STOP.</param>
    /// <param name="resolver">Decides which globals, calls and persistent ids are allowed.</param>
    public PickleReader(Stream stream, IPickleResolver resolver)
    {
        _stream = stream;
        _end = stream.Length;
        _resolver = resolver;
    }

    /// <summary>Offset of the opcode being executed (for error messages).</summary>
    private long Offset => _opcodeOffset;

    /// <summary>Runs the pickle up to STOP and returns the top of the stack.</summary>
    public object? Load()
    {
        _stack.Clear();
        _marks.Clear();
        _memo.Clear();
        while (true)
        {
            _opcodeOffset = _stream.Position;
            int opcode = _stream.ReadByte();
            if (opcode < 0)
            {
                throw Error("The pickle ended without a STOP opcode");
            }

            if (opcode == PickleOpcodes.Stop)
            {
                if (_stack.Count != 1 || _marks.Count != 0)
                {
                    throw Error($"STOP with {_stack.Count} values and {_marks.Count} marks on the stack; expected exactly one value");
                }

                return _stack[0];
            }

            Execute((byte)opcode);
        }
    }

    private InvalidDataException Error(string message) =>
        new($"{message} (pickle opcode at byte {Offset}).");

    private void Push(object? value)
    {
        if (_stack.Count >= MaxStackDepth)
        {
            throw Error($"The pickle stack grew past {MaxStackDepth} values");
        }

        _stack.Add(value);
    }

    private object? Pop()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks[^1] == _stack.Count))
        {
            throw Error("The pickle pops a value from an empty stack (or across a MARK)");
        }

        object? value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks[^1] == _stack.Count))
        {
            throw Error("The pickle reads the top of an empty stack");
        }

        return _stack[^1];
    }

    private void PushMark()
    {
        if (_marks.Count >= MaxStackDepth)
        {
            throw Error($"The pickle pushed more than {MaxStackDepth} marks");
        }

        _marks.Add(_stack.Count);
    }

    /// <summary>Pops everything above the last MARK, and the mark itself.</summary>
    private object?[] PopToMark()
    {
        if (_marks.Count == 0)
        {
            throw Error("The pickle closes a MARK that was never opened");
        }

        int start = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        object?[] items = _stack.GetRange(start, _stack.Count - start).ToArray();
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private void MemoPut(long index)
    {
        object? value = Peek();
        if (!_memo.ContainsKey(index) && _memo.Count >= MaxMemoEntries)
        {
            throw Error($"The pickle memo grew past {MaxMemoEntries} entries");
        }

        _memo[index] = value;
    }

    private object? MemoGet(long index) =>
        _memo.TryGetValue(index, out object? value) ? value : throw Error($"The pickle reads memo entry {index}, which was never stored");

    private byte ReadUInt8()
    {
        int b = _stream.ReadByte();
        return b >= 0 ? (byte)b : throw Error("The pickle ended inside an opcode argument");
    }

    private void ReadInto(Span<byte> buffer)
    {
        if (_stream.Read(buffer) is int n && n < buffer.Length)
        {
            try
            {
                _stream.ReadExactly(buffer[n..]);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"The pickle ended inside an opcode argument (pickle opcode at byte {Offset}).", e);
            }
        }
    }

    private byte[] ReadBytes(long length)
    {
        if (length < 0 || length > _end - _stream.Position || length > Array.MaxLength)
        {
            throw Error($"The pickle declares a {length}-byte argument but only {_end - _stream.Position} bytes remain");
        }

        var bytes = new byte[length];
        ReadInto(bytes);
        return bytes;
    }

    private uint ReadUInt32()
    {
        Span<byte> b = stackalloc byte[4];
        ReadInto(b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    private ulong ReadUInt64()
    {
        Span<byte> b = stackalloc byte[8];
        ReadInto(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    private string ReadUtf8(long length)
    {
        byte[] bytes = ReadBytes(length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"The pickle holds a string that is not valid UTF-8 (pickle opcode at byte {Offset}).", e);
        }
    }

    private string ReadLine()
    {
        var builder = new StringBuilder();
        while (true)
        {
            byte b = ReadUInt8();
            if (b == (byte)'\n')
            {
                return builder.ToString();
            }

            if (b < 0x20 || b > 0x7E || builder.Length >= MaxGlobalNameLength)
            {
                throw Error("The pickle names a global with a non-printable or overlong module/name line");
            }

            builder.Append((char)b);
        }
    }

    private void PushLong(long length)
    {
        if (length > MaxLongBytes)
        {
            throw Error($"The pickle holds a {length}-byte integer; at most {MaxLongBytes} bytes are accepted");
        }

        byte[] bytes = ReadBytes(length);
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            Push((long)value);
        }
        else
        {
            Push(value);
        }
    }
}
