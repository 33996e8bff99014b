using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Sequential (baseline and extended) Huffman scans, T.81 F.2: each block is decoded, dequantised and
/// inverse-transformed straight into its component plane, so no coefficient buffer is kept.
/// </summary>
internal sealed partial class JpegDecoderCore
{
    // Zig-zag positions 0-9 are exactly those of the upper-left 4x4 of a block.
    private const int UpperLeftEnd = 10;

    private readonly short[] _block = new short[64]; // [64] natural order, zero between blocks

    private void DecodeSequentialScan(JpegComponent[] scan, JpegBitReader reader, int scanOffset)
    {
        int restartsLeft = _restartInterval;
        int expectedRst = 0;
        if (scan.Length == 1)
        {
            // A non-interleaved scan covers only the component's own blocks, one block per MCU (A.2.2).
            JpegComponent c = scan[0];
            for (int by = 0; by < c.HeightInBlocks; by++)
            {
                for (int bx = 0; bx < c.WidthInBlocks; bx++)
                {
                    if (_restartInterval > 0)
                    {
                        if (restartsLeft == 0)
                        {
                            ProcessRestart(reader, scan, ref expectedRst, scanOffset);
                            restartsLeft = _restartInterval;
                        }

                        restartsLeft--;
                    }

                    DecodeBlockToPlane(reader, c, bx, by);
                }

                ThrowIfOverran(reader, scanOffset);
            }

            return;
        }

        for (int my = 0; my < _mcusY; my++)
        {
            for (int mx = 0; mx < _mcusX; mx++)
            {
                if (_restartInterval > 0)
                {
                    if (restartsLeft == 0)
                    {
                        ProcessRestart(reader, scan, ref expectedRst, scanOffset);
                        restartsLeft = _restartInterval;
                    }

                    restartsLeft--;
                }

                foreach (JpegComponent c in scan)
                {
                    for (int v = 0; v < c.V; v++)
                    {
                        for (int h = 0; h < c.H; h++)
                        {
                            DecodeBlockToPlane(reader, c, mx * c.H + h, my * c.V + v);
                        }
                    }
                }
            }

            ThrowIfOverran(reader, scanOffset);
        }
    }

    private void DecodeBlockToPlane(JpegBitReader reader, JpegComponent c, int bx, int by)
    {
        ref short block = ref MemoryMarshal.GetArrayDataReference(_block);
        int predictor = c.DcPredictor;
        int end = DecodeBlock(reader, _dcTables[c.DcTable]!, _acTables[c.AcTable]!, ref block, ref predictor);
        c.DcPredictor = predictor;
        if (bx < c.WidthInBlocks && by < c.HeightInBlocks)
        {
            // Blocks in the MCU padding past the component's edge are decoded but never displayed.
            TransformBlock(_block, end, c.Quant!, c.Plane, by * 8 * c.Stride + bx * 8, c.Stride);
        }

        // Only the coefficients that can be non-zero are cleared: the DC term, the upper-left 4x4 (its
        // four rows), or everything.
        if (end <= 1)
        {
            block = 0;
        }
        else if (end <= UpperLeftEnd)
        {
            Unsafe.InitBlockUnaligned(ref Unsafe.As<short, byte>(ref block), 0, 4 * 8 * sizeof(short));
        }
        else
        {
            Unsafe.InitBlockUnaligned(ref Unsafe.As<short, byte>(ref block), 0, 64 * sizeof(short));
        }
    }

    /// <summary>
    /// Dequantises and inverse-transforms <paramref name="block"/> [64, natural order], whose non-zero
    /// coefficients all sit before zig-zag position <paramref name="end"/>, with the cheapest exact method.
    /// </summary>
    private void TransformBlock(ReadOnlySpan<short> block, int end, int[] quant, byte[] plane, int offset, int stride)
    {
        if (end <= 1)
        {
            JpegIdct.FillDc(block[0] * quant[0], plane, offset, stride);
        }
        else if (!_avx2)
        {
            JpegIdct.TransformScalar(block, quant, plane, offset, stride);
        }
        else if (end <= UpperLeftEnd)
        {
            JpegIdct.TransformAvx2UpperLeft(block, quant, plane, offset, stride);
        }
        else
        {
            JpegIdct.TransformAvx2(block, quant, plane, offset, stride);
        }
    }

    /// <summary>
    /// Decodes one block's DC difference and AC run/size codes (T.81 F.2.2.1, F.2.2.2) into
    /// <paramref name="block"/> [64, all zero on entry], natural order; returns the zig-zag position of the
    /// end of block: every coefficient set lies before it.
    /// The bit buffer lives in locals for the whole block and is topped up to 56 or more bits before every
    /// symbol (a branch-free load), enough for a 16-bit code and its up to 15 magnitude bits. Each table
    /// entry holds the code length and the code length plus the magnitude bits, so a symbol costs one
    /// lookup and a few shifts; the one data-dependent branch is the end of block.
    /// </summary>
    private static int DecodeBlock(JpegBitReader reader, JpegHuffmanTable dc, JpegHuffmanTable ac, ref short block, ref int predictor)
    {
        reader.GuardEnd();
        ref byte data = ref reader.Data;
        ulong acc = reader.Acc;
        int count = reader.Count;
        nint pos = reader.Pos;
        JpegBitReader.Load(ref data, ref acc, ref count, ref pos);

        ref int dcTable = ref MemoryMarshal.GetArrayDataReference(dc.Table);
        int entry = Unsafe.Add(ref dcTable, JpegHuffmanTable.LookupStart + (nint)(acc >> (64 - JpegHuffmanTable.LookupBits)));
        if (entry == 0)
        {
            entry = JpegHuffmanTable.TryDecodeLong(ref dcTable, acc);
            if (entry == 0)
            {
                ThrowNoCode(reader, pos);
            }
        }

        int s = JpegHuffmanTable.Symbol(entry);
        if (s > 15)
        {
            ThrowBadDcCategory(reader, s);
        }

        predictor += JpegBitReader.ExtendLeading(acc << (entry >> 8), s);
        acc <<= entry;
        count -= entry & 0xFF;
        block = (short)predictor;

        ref byte zigzag = ref MemoryMarshal.GetReference(ZigZag);
        ref int table = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ac.Table), JpegHuffmanTable.LookupStart);
        int k = 1;
        while (true)
        {
            JpegBitReader.Load(ref data, ref acc, ref count, ref pos);
            entry = Unsafe.Add(ref table, (nint)(acc >> (64 - JpegHuffmanTable.LookupBits)));
            if (entry == 0)
            {
                // Inlined, so that no call in the loop pushes its state out of registers.
                entry = JpegHuffmanTable.TryDecodeLong(ref Unsafe.Subtract(ref table, JpegHuffmanTable.LookupStart), acc);
                if (entry == 0)
                {
                    ThrowNoCode(reader, pos);
                }
            }

            int value = JpegBitReader.ExtendLeading(acc << (entry >> 8), (entry >> 16) & 15);
            acc <<= entry;
            count -= entry & 0xFF;
            if ((entry & JpegHuffmanTable.EndOfBlockFlag) != 0)
            {
                break;
            }

            // A ZRL (run 15, size 0) stores a zero at the 16th position and moves on. One comparison
            // catches both a run past coefficient 63 and a coefficient at 63, the last of the block.
            k += (entry >> 20) & 15;
            if (k >= 63)
            {
                if (k == 63)
                {
                    Unsafe.Add(ref block, 63) = (short)value;
                }
                else if (JpegHuffmanTable.Symbol(entry) != 0xF0)
                {
                    ThrowRunPastEnd(reader, pos);
                }

                k = 64; // (sixteen zeros reaching past the end are accepted, as libjpeg does)
                break;
            }

            Unsafe.Add(ref block, Unsafe.Add(ref zigzag, k)) = (short)value;
            k++;
        }

        reader.Acc = acc;
        reader.Count = count;
        reader.Pos = pos;
        return k;
    }

    [DoesNotReturn]
    private static void ThrowRunPastEnd(JpegBitReader reader, nint pos)
    {
        reader.Pos = pos;
        throw new InvalidDataException($"JPEG entropy-coded data near offset {reader.Position}: an AC run goes past coefficient 63.");
    }

    [DoesNotReturn]
    private static void ThrowNoCode(JpegBitReader reader, nint pos)
    {
        reader.Pos = pos;
        throw JpegHuffmanTable.NoCode(reader.Position);
    }

    [DoesNotReturn]
    private static void ThrowBadDcCategory(JpegBitReader reader, int category) =>
        throw new InvalidDataException($"JPEG entropy-coded data near offset {reader.Position}: DC difference category {category} is out of range.");
}
