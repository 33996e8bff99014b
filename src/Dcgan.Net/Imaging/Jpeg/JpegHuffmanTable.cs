using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// A Huffman decoding table built from a DHT segment's BITS and HUFFVAL lists (T.81 annex C and F.2.2.3).
/// Codes of up to <see cref="LookupBits"/> bits are found with one lookup on the next bits; longer codes
/// use the MAXCODE/VALPTR procedure. A "fast AC" part decodes the run, the code and the coefficient's
/// magnitude bits in one lookup when they fit together in the lookahead. Everything lives in one int
/// array (<see cref="Table"/>) so a decoding loop needs a single base register for it.
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Bits of lookahead used by the lookup parts.</summary>
    public const int LookupBits = 9;

    /// <summary>Start of [512] (coefficient &lt;&lt; 8) | (run &lt;&lt; 4) | total bits; 0 = not decodable in one lookup.</summary>
    public const int FastAcStart = 0;

    /// <summary>Start of [512] (code length &lt;&lt; 8) | symbol; 0 = code longer than <see cref="LookupBits"/>.</summary>
    public const int LookupStart = 1 << LookupBits;

    // [18] largest code of each length (index 1..16), -1 when none; index 17 is a sentinel.
    private const int MaxCodeStart = 2 << LookupBits;

    // [17] HUFFVAL index of the first code of each length minus that code.
    private const int ValOffsetStart = MaxCodeStart + 18;

    // [256] HUFFVAL.
    private const int ValuesStart = ValOffsetStart + 17;

    /// <summary>Builds the table; <paramref name="counts"/>[i] is the number of codes of length i + 1.</summary>
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
                    t.AsSpan(LookupStart + (code << shift), 1 << shift).Fill((length << 8) | values[k]);
                }
            }

            t[MaxCodeStart + length] = n == 0 ? -1 : code - 1;
            code <<= 1;
        }

        t[MaxCodeStart + 17] = int.MaxValue;
        BuildFastAc(t);
    }

    /// <summary>The whole table; see the *Start constants for its parts.</summary>
    public int[] Table { get; } = new int[ValuesStart + 256];

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

        reader.Skip(entry >> 8);
        return entry & 0xFF;
    }

    /// <summary>
    /// Decodes a code longer than <see cref="LookupBits"/> from the left-aligned <paramref name="bits"/>
    /// with the table starting at <paramref name="table"/>; returns (code length &lt;&lt; 8) | symbol like a
    /// lookup entry.
    /// </summary>
    /// <exception cref="InvalidDataException">The bits match no code (<paramref name="position"/> is reported).</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int DecodeLong(ref int table, ulong bits, int position)
    {
        for (int length = LookupBits + 1; length <= 16; length++)
        {
            int code = (int)(bits >> (64 - length));
            if (code <= Unsafe.Add(ref table, MaxCodeStart + length))
            {
                // MAXCODE bounds the code, so the index stays within the HUFFVAL entries of this table.
                return (length << 8) | Unsafe.Add(ref table, ValuesStart + Unsafe.Add(ref table, ValOffsetStart + length) + code);
            }
        }

        throw new InvalidDataException($"JPEG entropy-coded data near offset {position}: bits match no Huffman code.");
    }

    private static void BuildFastAc(int[] t)
    {
        for (int i = 0; i < 1 << LookupBits; i++)
        {
            int entry = t[LookupStart + i];
            if (entry == 0)
            {
                continue;
            }

            int codeLength = entry >> 8;
            int run = (entry >> 4) & 15;
            int size = entry & 15;
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
