using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Progressive AC scans (T.81 G.1.2.2, G.1.2.3) on blocks kept in zig-zag order (coefficient k at index k).
/// As in the sequential decoder, the bit buffer is held in locals for a whole block and refilled to at
/// least 32 bits before each symbol; correction bits refill whenever the buffer runs dry.
/// </summary>
internal sealed partial class JpegDecoderCore
{
    /// <summary>First AC scan of a band: run/size codes, or an end-of-band run covering later blocks.</summary>
    private void DecodeAcFirst(JpegBitReader reader, JpegHuffmanTable ac, Span<short> block, int ss, int se, int al)
    {
        if (_eobRun > 0)
        {
            _eobRun--;
            return;
        }

        if (block.Length < 64 || se > 63)
        {
            throw new ArgumentException("A block has 64 coefficients.", nameof(block));
        }

        ulong acc = reader.Acc;
        int count = reader.Count;
        ref short coefficients = ref MemoryMarshal.GetReference(block);
        ref int table = ref MemoryMarshal.GetArrayDataReference(ac.Table);
        for (int k = ss; k <= se; k++)
        {
            if (count < 32)
            {
                (acc, count) = reader.Refill(acc, count);
            }

            nint index = (nint)(acc >> (64 - JpegHuffmanTable.LookupBits));
            int fast = Unsafe.Add(ref table, JpegHuffmanTable.FastAcStart + index);
            if (fast != 0)
            {
                k += (fast >> 4) & 15;
                if (k > se)
                {
                    throw BandOverrun(reader);
                }

                acc <<= fast & 15;
                count -= fast & 15;
                Unsafe.Add(ref coefficients, k) = (short)((fast >> 8) << al);
                continue;
            }

            int entry = Unsafe.Add(ref table, JpegHuffmanTable.LookupStart + index);
            if (entry == 0)
            {
                entry = JpegHuffmanTable.DecodeLong(ref table, acc, reader.Position);
            }

            int length = JpegHuffmanTable.CodeLength(entry);
            int rs = JpegHuffmanTable.Symbol(entry);
            acc <<= length;
            count -= length;
            int run = rs >> 4;
            int size = rs & 15;
            if (size != 0)
            {
                k += run;
                if (k > se)
                {
                    throw BandOverrun(reader);
                }

                Unsafe.Add(ref coefficients, k) = (short)(JpegBitReader.Extend((int)(acc >> (64 - size)), size) << al);
                acc <<= size;
                count -= size;
            }
            else if (run == 15)
            {
                k += 15;
            }
            else
            {
                // EOBn: 2^n blocks end here, plus n more bits of count (at most 14; 16 remain after the code).
                _eobRun = (1 << run) - 1;
                if (run > 0)
                {
                    _eobRun += (int)(acc >> (64 - run));
                    acc <<= run;
                    count -= run;
                }

                break;
            }
        }

        reader.Acc = acc;
        reader.Count = count;
    }

    /// <summary>
    /// AC refinement scan: one correction bit for every coefficient already non-zero, new coefficients of
    /// magnitude 2^Al placed after runs that count only still-zero coefficients. A 64-bit mask of the
    /// non-zero coefficients (zig-zag order) finds each run's end and the coefficients to correct
    /// without visiting the zero ones.
    /// </summary>
    private void DecodeAcRefine(JpegBitReader reader, JpegHuffmanTable ac, Span<short> block, int ss, int se, int al)
    {
        if (block.Length < 64 || se > 63 || ss > se)
        {
            throw new ArgumentException("A block has 64 coefficients and a band lies within them.", nameof(block));
        }

        int plus = 1 << al;
        ulong acc = reader.Acc;
        int count = reader.Count;
        ref short coefficients = ref MemoryMarshal.GetReference(block);
        ref int table = ref MemoryMarshal.GetArrayDataReference(ac.Table);
        ulong nonZero = NonZeroMask(block);
        ulong band = (ulong.MaxValue >> (63 - se)) & (ulong.MaxValue << ss);
        int k = ss;
        if (_eobRun == 0)
        {
            while (k <= se)
            {
                if (count < 32)
                {
                    (acc, count) = reader.Refill(acc, count);
                }

                int entry = Unsafe.Add(ref table, JpegHuffmanTable.LookupStart + (nint)(acc >> (64 - JpegHuffmanTable.LookupBits)));
                if (entry == 0)
                {
                    entry = JpegHuffmanTable.DecodeLong(ref table, acc, reader.Position);
                }

                int length = JpegHuffmanTable.CodeLength(entry);
                int rs = JpegHuffmanTable.Symbol(entry);
                acc <<= length;
                count -= length;
                int run = rs >> 4;
                int size = rs & 15;
                int value = 0;
                if (size != 0)
                {
                    if (size != 1)
                    {
                        throw new InvalidDataException($"JPEG entropy-coded data near offset {reader.Position}: refinement coefficient of size {size}, expected 1.");
                    }

                    value = (long)acc < 0 ? plus : -plus;
                    acc <<= 1;
                    count--;
                }
                else if (run != 15)
                {
                    _eobRun = 1 << run;
                    if (run > 0)
                    {
                        _eobRun += (int)(acc >> (64 - run));
                        acc <<= run;
                        count -= run;
                    }

                    break;
                }

                // The new coefficient (or the end of a ZRL) sits at the (run + 1)-th zero from k on.
                int target = NthSetBit(~nonZero & band & (ulong.MaxValue << k), run, se + 1, Bmi2.X64.IsSupported);
                ulong below = target > 63 ? ulong.MaxValue : (1UL << target) - 1;
                Refine(reader, ref coefficients, nonZero & band & (ulong.MaxValue << k) & below, plus, ref acc, ref count);
                if (value != 0)
                {
                    if (target > se)
                    {
                        throw BandOverrun(reader);
                    }

                    Unsafe.Add(ref coefficients, target) = (short)value;
                    nonZero |= 1UL << target;
                }

                k = target + 1;
            }
        }

        if (_eobRun > 0)
        {
            // The rest of the band only corrects coefficients that are already non-zero.
            if (k <= se)
            {
                Refine(reader, ref coefficients, nonZero & band & (ulong.MaxValue << k), plus, ref acc, ref count);
            }

            _eobRun--;
        }

        reader.Acc = acc;
        reader.Count = count;
    }

    /// <summary>
    /// Reads one correction bit per set bit of <paramref name="mask"/> (ascending zig-zag positions) and
    /// adds 2^Al away from zero where the bit is 1 and that bit of the magnitude is still clear.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Refine(JpegBitReader reader, ref short coefficients, ulong mask, int plus, ref ulong acc, ref int count)
    {
        while (mask != 0)
        {
            int p = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            if (count == 0)
            {
                (acc, count) = reader.Refill(acc, count);
            }

            int bit = (int)(acc >> 63);
            acc <<= 1;
            count--;
            ref short c = ref Unsafe.Add(ref coefficients, p);
            int sign = c >> 15;
            int clear = (int)((uint)((c & plus) - 1) >> 31);
            c = (short)(c + (((plus ^ sign) - sign) & -(bit & clear)));
        }
    }

    /// <summary>
    /// Position of set bit number <paramref name="n"/> (0-based, from the least significant end) of
    /// <paramref name="mask"/>, or <paramref name="none"/> when it has fewer set bits. With BMI2, depositing
    /// 1 &lt;&lt; n into the set positions lands on it; otherwise the n lowest set bits are cleared one by one.
    /// </summary>
    internal static int NthSetBit(ulong mask, int n, int none, bool useBmi2)
    {
        if (useBmi2 && Bmi2.X64.IsSupported)
        {
            mask = Bmi2.X64.ParallelBitDeposit(1UL << n, mask);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                mask &= mask - 1;
            }
        }

        return mask == 0 ? none : BitOperations.TrailingZeroCount(mask);
    }

    /// <summary>Bit i set when coefficient i of <paramref name="block"/> [64] is non-zero.</summary>
    internal static ulong NonZeroMask(ReadOnlySpan<short> block)
    {
        ulong mask = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (int i = 0; i < 64; i += 8)
            {
                uint zero = Vector128.Equals(Vector128.Create(block.Slice(i, 8)), Vector128<short>.Zero).ExtractMostSignificantBits();
                mask |= (ulong)(~zero & 0xFF) << i;
            }

            return mask;
        }

        for (int i = 0; i < 64; i++)
        {
            mask |= block[i] != 0 ? 1UL << i : 0;
        }

        return mask;
    }

    private static InvalidDataException BandOverrun(JpegBitReader reader) =>
        new($"JPEG entropy-coded data near offset {reader.Position}: a coefficient run goes past the end of the spectral band.");
}
