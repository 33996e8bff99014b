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
        Span<short> block = _block;
        int predictor = c.DcPredictor;
        int end = DecodeBlock(reader, _dcTables[c.DcTable]!, _acTables[c.AcTable]!, block, ref predictor);
        c.DcPredictor = predictor;
        if (bx < c.WidthInBlocks && by < c.HeightInBlocks)
        {
            // Blocks in the MCU padding past the component's edge are decoded but never displayed.
            TransformBlock(block, end, c.Quant!, c.Plane, by * 8 * c.Stride + bx * 8, c.Stride);
        }

        if (end <= 1)
        {
            block[0] = 0;
        }
        else
        {
            block.Clear();
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
    /// <paramref name="block"/> [64], natural order; returns the zig-zag position of the end of block:
    /// every coefficient set lies before it.
    /// The bit buffer lives in locals for the whole block: every symbol is preceded by a refill to at
    /// least 32 bits, enough for a 16-bit code and its up to 15 magnitude bits.
    /// </summary>
    private static int DecodeBlock(JpegBitReader reader, JpegHuffmanTable dc, JpegHuffmanTable ac, Span<short> block, ref int predictor)
    {
        if (block.Length < 64)
        {
            throw new ArgumentException("A block has 64 coefficients.", nameof(block));
        }

        ulong acc = reader.Acc;
        int count = reader.Count;
        if (count < 32)
        {
            (acc, count) = reader.Refill(acc, count);
        }

        ref int dcTable = ref MemoryMarshal.GetArrayDataReference(dc.Table);
        int entry = Unsafe.Add(ref dcTable, JpegHuffmanTable.LookupStart + (nint)(acc >> (64 - JpegHuffmanTable.LookupBits)));
        if (entry == 0)
        {
            entry = JpegHuffmanTable.DecodeLong(ref dcTable, acc, reader.Position);
        }

        int length = entry >> 8;
        int s = entry & 0xFF;
        acc <<= length;
        count -= length;
        if (s > 15)
        {
            throw new InvalidDataException($"JPEG entropy-coded data near offset {reader.Position}: DC difference category {s} is out of range.");
        }

        if (s != 0)
        {
            predictor += JpegBitReader.Extend((int)(acc >> (64 - s)), s);
            acc <<= s;
            count -= s;
        }

        ref short coefficients = ref MemoryMarshal.GetReference(block);
        coefficients = (short)predictor;
        ref byte zigzag = ref MemoryMarshal.GetReference(ZigZag);
        ref int table = ref MemoryMarshal.GetArrayDataReference(ac.Table);
        for (int k = 1; k < 64; k++)
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
                if (k > 63)
                {
                    throw RunPastEnd(reader);
                }

                acc <<= fast & 15;
                count -= fast & 15;
                Unsafe.Add(ref coefficients, Unsafe.Add(ref zigzag, k)) = (short)(fast >> 8);
                continue;
            }

            entry = Unsafe.Add(ref table, JpegHuffmanTable.LookupStart + index);
            if (entry == 0)
            {
                entry = JpegHuffmanTable.DecodeLong(ref table, acc, reader.Position);
            }

            length = entry >> 8;
            int rs = entry & 0xFF;
            acc <<= length;
            count -= length;
            int run = rs >> 4;
            int size = rs & 15;
            if (size == 0)
            {
                if (run != 15)
                {
                    reader.Acc = acc;
                    reader.Count = count;
                    return k; // EOB
                }

                k += 15; // ZRL: sixteen zeros
                continue;
            }

            k += run;
            if (k > 63)
            {
                throw RunPastEnd(reader);
            }

            Unsafe.Add(ref coefficients, Unsafe.Add(ref zigzag, k)) = (short)JpegBitReader.Extend((int)(acc >> (64 - size)), size);
            acc <<= size;
            count -= size;
        }

        reader.Acc = acc;
        reader.Count = count;
        return 64;
    }

    private static InvalidDataException RunPastEnd(JpegBitReader reader) =>
        new($"JPEG entropy-coded data near offset {reader.Position}: an AC run goes past coefficient 63.");
}
