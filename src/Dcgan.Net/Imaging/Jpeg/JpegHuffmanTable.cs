using System.Runtime.CompilerServices;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// A Huffman decoding table built from a DHT segment's BITS and HUFFVAL lists (T.81 annex C and F.2.2.3).
/// Codes of up to <see cref="LookupBits"/> bits are found with one table lookup on the next bits; longer
/// codes use the MAXCODE/VALPTR procedure. AC tables also get a "fast AC" table that decodes the run,
/// the code and the coefficient's magnitude bits in one lookup when they fit together in the lookahead.
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Bits of lookahead used by the lookup tables.</summary>
    public const int LookupBits = 9;

    // [512] (code length << 8) | symbol; 0 = code longer than LookupBits.
    private readonly ushort[] _lookup = new ushort[1 << LookupBits];

    // [512] (coefficient << 8) | (run << 4) | total bits; 0 = not decodable in one lookup.
    private readonly int[] _fastAc = new int[1 << LookupBits];

    // [18] largest code of each length (index 1..16), -1 when none; index 17 is a sentinel.
    private readonly int[] _maxCode = new int[18];

    // [17] HUFFVAL index of the first code of each length minus that code.
    private readonly int[] _valOffset = new int[17];

    private readonly byte[] _values;

    /// <summary>Builds the table; <paramref name="counts"/>[i] is the number of codes of length i + 1.</summary>
    /// <exception cref="InvalidDataException">The code lengths do not form a prefix code.</exception>
    public JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values, int offset)
    {
        _values = values.ToArray();
        int code = 0;
        int k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            _valOffset[length] = k - code;
            if (code + n > (1 << length))
            {
                throw new InvalidDataException($"JPEG DHT segment at offset {offset}: {n} codes of length {length} do not fit in a prefix code.");
            }

            for (int i = 0; i < n; i++, code++, k++)
            {
                if (length <= LookupBits)
                {
                    int shift = LookupBits - length;
                    int first = code << shift;
                    ushort entry = (ushort)((length << 8) | _values[k]);
                    _lookup.AsSpan(first, 1 << shift).Fill(entry);
                }
            }

            _maxCode[length] = n == 0 ? -1 : code - 1;
            code <<= 1;
        }

        _maxCode[17] = int.MaxValue;
        BuildFastAc();
    }

    /// <summary>[512] (code length &lt;&lt; 8) | symbol for the next <see cref="LookupBits"/> bits; 0 = longer code.</summary>
    public ushort[] Lookup => _lookup;

    /// <summary>[512] (coefficient &lt;&lt; 8) | (run &lt;&lt; 4) | total bits for the next <see cref="LookupBits"/> bits; 0 = not available.</summary>
    public int[] FastAcTable => _fastAc;

    /// <summary>Decodes one symbol; <paramref name="reader"/> must hold at least 16 valid bits.</summary>
    /// <exception cref="InvalidDataException">The bits match no code.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeSymbol(JpegBitReader reader)
    {
        ulong bits = reader.Bits;
        int entry = _lookup[(int)(bits >> (64 - LookupBits))];
        if (entry == 0)
        {
            entry = DecodeLong(bits, reader.Position);
        }

        reader.Skip(entry >> 8);
        return entry & 0xFF;
    }

    /// <summary>
    /// Decodes a code longer than <see cref="LookupBits"/> from the left-aligned <paramref name="bits"/>;
    /// returns (code length &lt;&lt; 8) | symbol like a <see cref="Lookup"/> entry.
    /// </summary>
    /// <exception cref="InvalidDataException">The bits match no code (<paramref name="position"/> is reported).</exception>
    public int DecodeLong(ulong bits, int position)
    {
        for (int length = LookupBits + 1; length <= 16; length++)
        {
            int code = (int)(bits >> (64 - length));
            if (code <= _maxCode[length])
            {
                return (length << 8) | _values[_valOffset[length] + code];
            }
        }

        throw new InvalidDataException($"JPEG entropy-coded data near offset {position}: bits match no Huffman code.");
    }

    private void BuildFastAc()
    {
        for (int i = 0; i < _lookup.Length; i++)
        {
            int entry = _lookup[i];
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
            _fastAc[i] = (value << 8) | (run << 4) | total;
        }
    }
}
