namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Sequential (baseline and extended) Huffman scans, T.81 F.2: each block is decoded, dequantised and
/// inverse-transformed straight into its component plane, so no coefficient buffer is kept.
/// </summary>
internal sealed partial class JpegDecoderCore
{
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
        bool hasAc = DecodeBlock(reader, _dcTables[c.DcTable]!, _acTables[c.AcTable]!, block, ref predictor);
        c.DcPredictor = predictor;
        int stride = c.Stride;
        int offset = by * 8 * stride + bx * 8;
        int[] quant = c.Quant!;
        if (!hasAc)
        {
            JpegIdct.FillDc(block[0] * quant[0], c.Plane, offset, stride);
            block[0] = 0;
            return;
        }

        if (_avx2)
        {
            JpegIdct.TransformAvx2(block, quant, c.Plane, offset, stride);
        }
        else
        {
            JpegIdct.TransformScalar(block, quant, c.Plane, offset, stride);
        }

        block.Clear();
    }

    /// <summary>
    /// Decodes one block's DC difference and AC run/size codes (T.81 F.2.2.1, F.2.2.2) into
    /// <paramref name="block"/> [64], natural order; returns whether any AC coefficient was set.
    /// </summary>
    private static bool DecodeBlock(JpegBitReader reader, JpegHuffmanTable dc, JpegHuffmanTable ac, Span<short> block, ref int predictor)
    {
        reader.Ensure32();
        int s = dc.DecodeSymbol(reader);
        if (s > 15)
        {
            throw new InvalidDataException($"JPEG entropy-coded data near offset {reader.Position}: DC difference category {s} is out of range.");
        }

        predictor += reader.ReceiveExtend(s);
        block[0] = (short)predictor;

        ReadOnlySpan<byte> zigzag = ZigZag;
        bool hasAc = false;
        for (int k = 1; k < 64; k++)
        {
            reader.Ensure32();
            int fast = ac.FastAc(reader.Bits);
            if (fast != 0)
            {
                k += (fast >> 4) & 15;
                if (k > 63)
                {
                    throw RunPastEnd(reader);
                }

                reader.Skip(fast & 15);
                block[zigzag[k]] = (short)(fast >> 8);
                hasAc = true;
                continue;
            }

            int rs = ac.DecodeSymbol(reader);
            int run = rs >> 4;
            int size = rs & 15;
            if (size == 0)
            {
                if (run != 15)
                {
                    break; // EOB
                }

                k += 15; // ZRL: sixteen zeros
                continue;
            }

            k += run;
            if (k > 63)
            {
                throw RunPastEnd(reader);
            }

            block[zigzag[k]] = (short)reader.ReceiveExtend(size);
            hasAc = true;
        }

        return hasAc;
    }

    private static InvalidDataException RunPastEnd(JpegBitReader reader) =>
        new($"JPEG entropy-coded data near offset {reader.Position}: an AC run goes past coefficient 63.");
}
