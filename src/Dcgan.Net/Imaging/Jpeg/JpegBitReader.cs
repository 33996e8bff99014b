using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Reads entropy-coded segment bits (T.81 F.2.2.5): most significant bit first, 0xFF 0x00 unstuffed.
/// A marker or the end of the data stops the reader in place; from then on zero bits are supplied
/// (as libjpeg does), and <see cref="Overran"/> tells whether any of those made-up bits were consumed,
/// which for a conforming stream never happens. Hot loops copy <see cref="Acc"/> and <see cref="Count"/>
/// into locals (so they stay in registers), refill through <see cref="Refill"/> and store them back.
/// </summary>
internal sealed class JpegBitReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private int _pos;
    private int _padBytes;   // zero bytes supplied after a marker or the end of the data
    private bool _stopped;

    public JpegBitReader(byte[] data, int start, int end)
    {
        _data = data;
        _end = end;
        _pos = start;
    }

    /// <summary>Offset of the next byte not yet loaded into the bit buffer.</summary>
    public int Position => _pos;

    /// <summary>True when bits past the end of the segment (a marker or the end of data) were consumed.</summary>
    public bool Overran => Count < _padBytes * 8;

    /// <summary>The bit buffer, left-aligned: bit 63 is the next bit.</summary>
    public ulong Acc;

    /// <summary>Number of valid bits in <see cref="Acc"/>.</summary>
    public int Count;

    /// <summary>The left-aligned bit buffer; at least 57 bits are valid after <see cref="Fill"/>.</summary>
    public ulong Bits
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Acc;
    }

    /// <summary>Ensures at least 32 valid bits (refilling to 57 or more when fewer remain).</summary>
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

    /// <summary>Loads whole bytes until at least 57 bits are valid.</summary>
    public void Fill() => (Acc, Count) = Refill(Acc, Count);

    /// <summary>Returns the bit buffer <paramref name="acc"/> holding <paramref name="count"/> bits topped up to at least 57 bits.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // keeps decoding loops small enough for their state to stay in registers
    public (ulong Acc, int Count) Refill(ulong acc, int count)
    {
        if (!_stopped && _pos + 8 <= _end)
        {
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(_data.AsSpan(_pos, 8));

            // No byte equal to 0xFF means no stuffing and no marker: take as many bytes as fit at once.
            ulong inverted = ~word;
            if (((inverted - 0x0101010101010101UL) & ~inverted & 0x8080808080808080UL) == 0)
            {
                int bytes = (64 - count) >> 3;
                ulong mask = bytes == 8 ? ulong.MaxValue : ~(ulong.MaxValue >> (bytes * 8));
                _pos += bytes;
                return (acc | ((word & mask) >> count), count + bytes * 8);
            }
        }

        while (count <= 56)
        {
            ulong b = 0;
            if (_stopped)
            {
                _padBytes++;
            }
            else if (_pos >= _end)
            {
                _stopped = true;
                _padBytes++;
            }
            else if (_data[_pos] != 0xFF)
            {
                b = _data[_pos++];
            }
            else if (_pos + 1 < _end && _data[_pos + 1] == 0x00)
            {
                b = 0xFF;
                _pos += 2;
            }
            else
            {
                _stopped = true;
                _padBytes++;
            }

            acc |= b << (56 - count);
            count += 8;
        }

        return (acc, count);
    }

    /// <summary>
    /// Drops the buffered bits (byte-alignment padding at the end of an interval or scan) and restarts
    /// reading at the current byte, ready to look for the marker that ends the segment.
    /// </summary>
    public void Reset(int position)
    {
        _pos = position;
        Acc = 0;
        Count = 0;
        _padBytes = 0;
        _stopped = false;
    }
}
