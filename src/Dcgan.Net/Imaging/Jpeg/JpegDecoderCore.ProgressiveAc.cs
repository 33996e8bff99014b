using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Progressive AC scans (T.81 G.1.2.2, G.1.2.3). As in the sequential decoder, the bit buffer is held in
/// locals for a whole block and refilled to at least 32 bits before each symbol; refinement bits for
/// already non-zero coefficients refill whenever the buffer runs dry.
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
        ref byte zigzag = ref MemoryMarshal.GetReference(ZigZag);
        ref ushort lookup = ref MemoryMarshal.GetArrayDataReference(ac.Lookup);
        ref int fastAc = ref MemoryMarshal.GetArrayDataReference(ac.FastAcTable);
        for (int k = ss; k <= se; k++)
        {
            if (count < 32)
            {
                (acc, count) = reader.Refill(acc, count);
            }

            nint index = (nint)(acc >> (64 - JpegHuffmanTable.LookupBits));
            int fast = Unsafe.Add(ref fastAc, index);
            if (fast != 0)
            {
                k += (fast >> 4) & 15;
                if (k > se)
                {
                    throw BandOverrun(reader);
                }

                acc <<= fast & 15;
                count -= fast & 15;
                Unsafe.Add(ref coefficients, Unsafe.Add(ref zigzag, k)) = (short)((fast >> 8) << al);
                continue;
            }

            int entry = Unsafe.Add(ref lookup, index);
            int length = entry >> 8;
            int rs = entry != 0 ? entry & 0xFF : ac.DecodeLong(acc, out length, reader.Position);
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

                Unsafe.Add(ref coefficients, Unsafe.Add(ref zigzag, k)) = (short)(Extend((int)(acc >> (64 - size)), size) << al);
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
    /// magnitude 2^Al placed after runs that count only still-zero coefficients.
    /// </summary>
    private void DecodeAcRefine(JpegBitReader reader, JpegHuffmanTable ac, Span<short> block, int ss, int se, int al)
    {
        if (block.Length < 64 || se > 63)
        {
            throw new ArgumentException("A block has 64 coefficients.", nameof(block));
        }

        int plus = 1 << al;
        int minus = -1 << al;
        ulong acc = reader.Acc;
        int count = reader.Count;
        ref short coefficients = ref MemoryMarshal.GetReference(block);
        ref byte zigzag = ref MemoryMarshal.GetReference(ZigZag);
        ref ushort lookup = ref MemoryMarshal.GetArrayDataReference(ac.Lookup);
        int k = ss;
        if (_eobRun == 0)
        {
            for (; k <= se; k++)
            {
                if (count < 32)
                {
                    (acc, count) = reader.Refill(acc, count);
                }

                int entry = Unsafe.Add(ref lookup, (nint)(acc >> (64 - JpegHuffmanTable.LookupBits)));
                int length = entry >> 8;
                int rs = entry != 0 ? entry & 0xFF : ac.DecodeLong(acc, out length, reader.Position);
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

                    value = (long)acc < 0 ? plus : minus;
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

                for (; k <= se; k++)
                {
                    ref short coefficient = ref Unsafe.Add(ref coefficients, Unsafe.Add(ref zigzag, k));
                    if (coefficient != 0)
                    {
                        if (count == 0)
                        {
                            (acc, count) = reader.Refill(acc, count);
                        }

                        if ((long)acc < 0 && (coefficient & plus) == 0)
                        {
                            coefficient = (short)(coefficient + (coefficient >= 0 ? plus : minus));
                        }

                        acc <<= 1;
                        count--;
                    }
                    else if (run-- == 0)
                    {
                        break;
                    }
                }

                if (value != 0)
                {
                    if (k > se)
                    {
                        throw BandOverrun(reader);
                    }

                    Unsafe.Add(ref coefficients, Unsafe.Add(ref zigzag, k)) = (short)value;
                }
            }
        }

        if (_eobRun > 0)
        {
            // The rest of the band only refines coefficients that are already non-zero.
            for (; k <= se; k++)
            {
                ref short coefficient = ref Unsafe.Add(ref coefficients, Unsafe.Add(ref zigzag, k));
                if (coefficient != 0)
                {
                    if (count == 0)
                    {
                        (acc, count) = reader.Refill(acc, count);
                    }

                    if ((long)acc < 0 && (coefficient & plus) == 0)
                    {
                        coefficient = (short)(coefficient + (coefficient >= 0 ? plus : minus));
                    }

                    acc <<= 1;
                    count--;
                }
            }

            _eobRun--;
        }

        reader.Acc = acc;
        reader.Count = count;
    }

    private static InvalidDataException BandOverrun(JpegBitReader reader) =>
        new($"JPEG entropy-coded data near offset {reader.Position}: a coefficient run goes past the end of the spectral band.");
}
