using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// A Huffman decoding table built from a DHT segment's BITS and HUFFVAL lists (T.81 annex C and F.2.2.3).
/// Codes of up to <see cref="LookupBits"/> bits are found with one lookup on the next bits; longer codes
/// use the MAXCODE/VALPTR procedure. Both give an entry (see <see cref="MakeEntry"/>) that also holds the
/// code length plus the number of magnitude bits following it, so a decoder consumes a symbol and its
/// value with one shift. For progressive AC scans a "fast AC" part decodes the run, the code and the
/// coefficient's magnitude bits in one lookup when they fit together in the lookahead. Everything lives
/// in one int array (<see cref="Table"/>) so a decoding loop needs a single base register for it.
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Bits of lookahead used by the lookup parts.</summary>
    public const int LookupBits = 10;

    /// <summary>Flag of an entry whose AC symbol ends the block: size 0 and a run other than 15 (EOB; T.81 F.1.2.2.1).</summary>
    public const int EndOfBlockFlag = 1 << 24;

    /// <summary>Start of [2^LookupBits] (coefficient &lt;&lt; 8) | (run &lt;&lt; 4) | total bits; 0 = not decodable in one lookup (filled by <see cref="EnsureFastAc"/>).</summary>
    public const int FastAcStart = 0;

    /// <summary>Start of [2^LookupBits] entries (<see cref="MakeEntry"/>); 0 = code longer than <see cref="LookupBits"/>.</summary>
    public const int LookupStart = 1 << LookupBits;

    // [18] largest code of each length (index 1..16), -1 when none; index 17 is a sentinel.
    private const int MaxCodeStart = 2 << LookupBits;

    // [17] HUFFVAL index of the first code of each length minus that code.
    private const int ValOffsetStart = MaxCodeStart + 18;

    // [256] HUFFVAL.
    private const int ValuesStart = ValOffsetStart + 17;

    /// <summary>Builds the table (without its fast AC part); <paramref name="counts"/>[i] is the number of codes of length i + 1.</summary>
    /// <exception cref="InvalidDataException">The code lengths do not form a prefix code.</exception>
    public JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values, int offset)
    {
        int[] t = Table;
        for (int i = 0; i < values.Length; i++)
        {
            t[ValuesStart + i] = values[i];
        }

        int code = 0;
        int k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            t[ValOffsetStart + length] = k - code;
            if (code + n > (1 << length))
            {
                throw new InvalidDataException($"JPEG DHT segment at offset {offset}: {n} codes of length {length} do not fit in a prefix code.");
            }

            for (int i = 0; i < n; i++, code++, k++)
            {
                if (length <= LookupBits)
                {
                    int shift = LookupBits - length;
                    t.AsSpan(LookupStart + (code << shift), 1 << shift).Fill(MakeEntry(length, values[k]));
                }
            }

            t[MaxCodeStart + length] = n == 0 ? -1 : code - 1;
            code <<= 1;
        }

        t[MaxCodeStart + 17] = int.MaxValue;
    }

    private bool _fastAcBuilt;

    /// <summary>Fills the fast AC part, which only progressive AC scans use, once.</summary>
    public void EnsureFastAc()
    {
        if (!_fastAcBuilt)
        {
            BuildFastAc(Table);
            _fastAcBuilt = true;
        }
    }

    /// <summary>The whole table; see the *Start constants for its parts.</summary>
    public int[] Table { get; } = new int[ValuesStart + 256];

    /// <summary>
    /// The entry of a code of <paramref name="length"/> bits for <paramref name="symbol"/>: bits 0-7 hold
    /// the length plus the symbol's low nibble (the magnitude bits that follow a DC category or an AC
    /// run/size), bits 8-15 the length, bits 16-23 the symbol, and <see cref="EndOfBlockFlag"/> marks EOB.
    /// A 64-bit shift by the entry (or by the entry &gt;&gt; 8) uses only its low 6 bits, so it skips the
    /// code and its magnitude bits (or the code alone).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MakeEntry(int length, int symbol) =>
        (length + (symbol & 15)) | (length << 8) | (symbol << 16) | ((symbol & 15) == 0 && symbol >> 4 != 15 ? EndOfBlockFlag : 0);

    /// <summary>The code length of an entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CodeLength(int entry) => (entry >> 8) & 0xFF;

    /// <summary>The symbol of an entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Symbol(int entry) => (entry >> 16) & 0xFF;

    /// <summary>Decodes one symbol; <paramref name="reader"/> must hold at least 16 valid bits.</summary>
    /// <exception cref="InvalidDataException">The bits match no code.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeSymbol(JpegBitReader reader)
    {
        ulong bits = reader.Bits;
        int entry = Table[LookupStart + (int)(bits >> (64 - LookupBits))];
        if (entry == 0)
        {
            entry = DecodeLong(ref MemoryMarshal.GetArrayDataReference(Table), bits, reader.Position);
        }

        reader.Skip(CodeLength(entry));
        return Symbol(entry);
    }

    /// <summary>
    /// Decodes a code longer than <see cref="LookupBits"/> from the left-aligned <paramref name="bits"/>
    /// with the table starting at <paramref name="table"/>; returns its entry (<see cref="MakeEntry"/>) like a lookup.
    /// </summary>
    /// <exception cref="InvalidDataException">The bits match no code (<paramref name="position"/> is reported).</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int DecodeLong(ref int table, ulong bits, int position)
    {
        int entry = TryDecodeLong(ref table, bits);
        return entry != 0 ? entry : throw NoCode(position);
    }

    /// <summary>
    /// <see cref="DecodeLong"/> without a call, for loops that keep their state in registers: 0 when the
    /// bits match no code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TryDecodeLong(ref int table, ulong bits)
    {
        for (int length = LookupBits + 1; length <= 16; length++)
        {
            int code = (int)(bits >> (64 - length));
            if (code <= Unsafe.Add(ref table, MaxCodeStart + length))
            {
                // MAXCODE bounds the code, so the index stays within the HUFFVAL entries of this table.
                return MakeEntry(length, Unsafe.Add(ref table, ValuesStart + Unsafe.Add(ref table, ValOffsetStart + length) + code));
            }
        }

        return 0;
    }

    /// <summary>The error for bits that match no code near <paramref name="position"/>.</summary>
    public static InvalidDataException NoCode(int position) =>
        new($"JPEG entropy-coded data near offset {position}: bits match no Huffman code.");

    private static void BuildFastAc(int[] t)
    {
        for (int i = 0; i < 1 << LookupBits; i++)
        {
            int entry = t[LookupStart + i];
            if (entry == 0)
            {
                continue;
            }

            int codeLength = CodeLength(entry);
            int run = (Symbol(entry) >> 4) & 15;
            int size = Symbol(entry) & 15;
            int total = codeLength + size;
            if (size == 0 || total > LookupBits)
            {
                continue;
            }

            int raw = (i >> (LookupBits - total)) & ((1 << size) - 1);
            int value = JpegBitReader.Extend(raw, size);
            t[FastAcStart + i] = (value << 8) | (run << 4) | total;
        }
    }
}
