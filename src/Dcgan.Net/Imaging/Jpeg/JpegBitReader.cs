using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Reads entropy-coded segment bits (T.81 F.2.2.5), most significant bit first.
/// <see cref="Reset"/> first copies the segment (up to the next marker or the end of the data) into a
/// pooled buffer with 0xFF 0x00 unstuffed and zero bytes after it, so refilling the bit buffer is a
/// plain 8-byte load with no per-byte checks. Past the segment, zero bits are supplied (as libjpeg does),
/// and <see cref="Overran"/> tells whether any of those made-up bits were consumed, which for a
/// conforming stream never happens. Hot loops copy <see cref="Acc"/>, <see cref="Count"/> and
/// <see cref="Pos"/> into locals (so they stay in registers), refill inline and store them back.
/// Invariant: the next unread bit is bit <c>Pos * 8 - Count</c> of the unstuffed segment, and the bits
/// of <see cref="Acc"/> below the <see cref="Count"/> valid ones are the segment's following bits or zero.
/// </summary>
internal sealed class JpegBitReader : IDisposable
{
    /// <summary>
    /// Zero bytes kept after the unstuffed segment: more than a block can advance <see cref="Pos"/>
    /// between two <see cref="GuardEnd"/> calls (64 symbols of at most 4 bytes each) plus one 8-byte load.
    /// </summary>
    public const int Padding = 1024;

    // Past this many bytes beyond the segment every valid bit of the buffer is a made-up zero.
    private const int Slack = 64;

    private readonly byte[] _data;
    private readonly int _end;
    private byte[] _unstuffed;
    private int _length;        // unstuffed bytes of the current segment
    private int _segmentStart;  // offset in _data where the segment starts
    private bool _overran;

    /// <summary>Creates a reader over <paramref name="data"/>[..<paramref name="end"/>]; call <see cref="Reset"/> before reading.</summary>
    public JpegBitReader(byte[] data, int end)
    {
        _data = data;
        _end = end;
        _unstuffed = ArrayPool<byte>.Shared.Rent(end + Padding);
    }

    /// <summary>The bit buffer, left-aligned: bit 63 is the next bit.</summary>
    public ulong Acc;

    /// <summary>Number of valid bits in <see cref="Acc"/> (0..63).</summary>
    public int Count;

    /// <summary>Offset in the unstuffed segment of the next byte not yet loaded into the bit buffer.</summary>
    public nint Pos;

    /// <summary>Offset in the data of the marker (or end of data) that ends the current segment.</summary>
    public int SegmentEnd { get; private set; }

    /// <summary>Approximate offset in the data of the next byte to load, for error messages.</summary>
    public int Position => (int)Math.Min(_segmentStart + Math.Min(Pos, _length), SegmentEnd);

    /// <summary>True when bits past the end of the segment (a marker or the end of data) were consumed.</summary>
    public bool Overran => _overran || Pos * 8 - Count > (nint)_length * 8;

    /// <summary>The first byte of the unstuffed segment, followed by at least <see cref="Padding"/> zero bytes.</summary>
    public ref byte Data => ref MemoryMarshal.GetArrayDataReference(_unstuffed);

    /// <summary>The left-aligned bit buffer; at least 56 bits are valid after <see cref="Fill"/>.</summary>
    public ulong Bits
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Acc;
    }

    /// <summary>
    /// Tops <paramref name="acc"/> (holding <paramref name="count"/> valid bits) up to 56..63 valid bits
    /// from the unstuffed bytes at <paramref name="pos"/>. The caller keeps <paramref name="pos"/> within
    /// the padding (see <see cref="GuardEnd"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load(ref byte data, ref ulong acc, ref int count, ref nint pos)
    {
        acc |= BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, pos))) >> count;
        pos += (63 - count) >> 3;
        count |= 56;
    }

    /// <summary>
    /// Keeps <see cref="Pos"/> inside the padding: once it is well past the segment (so every buffered bit
    /// is a made-up zero), the overrun is latched and reading continues from the first padding byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void GuardEnd()
    {
        if (Pos > _length + Slack)
        {
            _overran = true;
            Pos = _length;
        }
    }

    /// <summary>Ensures at least 32 valid bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ensure32()
    {
        if (Count < 32)
        {
            Fill();
        }
    }

    /// <summary>Drops <paramref name="n"/> (1..32) bits; the caller has ensured they are present.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n)
    {
        Acc <<= n;
        Count -= n;
    }

    /// <summary>Reads <paramref name="n"/> (0..16) bits as an unsigned number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBits(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        Ensure32();
        int v = (int)(Acc >> (64 - n));
        Acc <<= n;
        Count -= n;
        return v;
    }

    /// <summary>Reads one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBit()
    {
        Ensure32();
        int v = (int)(Acc >> 63);
        Acc <<= 1;
        Count--;
        return v;
    }

    /// <summary>Reads <paramref name="n"/> (0..16) bits and sign-extends them per T.81 F.2.2.1 (EXTEND).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtend(int n) => n == 0 ? 0 : Extend(ReadBits(n), n);

    /// <summary>EXTEND (T.81 figure F.12) for 1 &lt;= <paramref name="n"/> &lt;= 16: values below 2^(n-1) stand for negative numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Extend(int v, int n) => v + (((v - (1 << (n - 1))) >> 31) & ((-1 << n) + 1));

    /// <summary>
    /// RECEIVE and EXTEND of the <paramref name="size"/> (0..15) leading bits of <paramref name="bits"/>
    /// without a branch: 0 for size 0; a leading 0 bit marks a negative value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ExtendLeading(ulong bits, int size)
    {
        int raw = (int)((bits >> 1) >> (63 - size));
        return raw - (((1 << size) - 1) & ~(int)((long)bits >> 63));
    }

    /// <summary>Tops the bit buffer up to at least 56 bits.</summary>
    public void Fill() => (Acc, Count) = Refill(Acc, Count);

    /// <summary>Returns the bit buffer <paramref name="acc"/> holding <paramref name="count"/> bits topped up to at least 56 bits.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // keeps decoding loops small enough for their state to stay in registers
    public (ulong Acc, int Count) Refill(ulong acc, int count)
    {
        GuardEnd();
        nint pos = Pos;
        Load(ref Data, ref acc, ref count, ref pos);
        Pos = pos;
        return (acc, count);
    }

    /// <summary>
    /// Starts a new segment at <paramref name="position"/> in the data (the start of a scan's data or the
    /// byte after an RSTn marker): drops the buffered bits and unstuffs the bytes up to the next marker.
    /// </summary>
    public void Reset(int position)
    {
        Span<byte> target = _unstuffed;
        int source = position;
        int length = 0;
        while (source < _end)
        {
            int run = _data.AsSpan(source, _end - source).IndexOf((byte)0xFF);
            int copy = run < 0 ? _end - source : run;
            _data.AsSpan(source, copy).CopyTo(target[length..]);
            length += copy;
            source += copy;
            if (run < 0)
            {
                break;
            }

            if (source + 1 >= _end || _data[source + 1] != 0x00)
            {
                break; // a marker, or a lone 0xFF at the end of the data
            }

            target[length++] = 0xFF;
            source += 2;
        }

        target.Slice(length, Padding).Clear();
        _segmentStart = position;
        SegmentEnd = source;
        _length = length;
        _overran = false;
        Pos = 0;
        Acc = 0;
        Count = 0;
    }

    /// <summary>Gives the pooled buffer back; the reader is unusable afterwards.</summary>
    public void Dispose()
    {
        if (_unstuffed.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_unstuffed);
            _unstuffed = [];
        }
    }
}
