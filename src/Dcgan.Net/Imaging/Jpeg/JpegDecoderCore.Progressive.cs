namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Progressive Huffman scans, T.81 G.1.2: DC first and refinement scans (interleaved or not), AC first
/// and refinement scans (one component, spectral band Ss..Se, bit position Al) with end-of-band runs.
/// Coefficients accumulate in each component's buffer; <see cref="TransformCoefficients"/> turns them
/// into samples once all scans are read.
/// </summary>
internal sealed partial class JpegDecoderCore
{
    private int _eobRun;

    private void DecodeProgressiveScan(JpegComponent[] scan, JpegBitReader reader, int ss, int se, int ah, int al, int scanOffset)
    {
        _eobRun = 0;
        int restartsLeft = _restartInterval;
        int expectedRst = 0;
        if (scan.Length == 1)
        {
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

                    DecodeProgressiveBlock(reader, c, (by * c.BlocksPerLine + bx) * 64, ss, se, ah, al);
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
                            int block = (my * c.V + v) * c.BlocksPerLine + mx * c.H + h;
                            DecodeProgressiveBlock(reader, c, block * 64, ss, se, ah, al);
                        }
                    }
                }
            }

            ThrowIfOverran(reader, scanOffset);
        }
    }

    private void DecodeProgressiveBlock(JpegBitReader reader, JpegComponent c, int offset, int ss, int se, int ah, int al)
    {
        Span<short> block = c.Coefficients.AsSpan(offset, 64);
        if (ss == 0)
        {
            if (ah == 0)
            {
                reader.Ensure32();
                int s = _dcTables[c.DcTable]!.DecodeSymbol(reader);
                if (s > 15)
                {
                    throw new InvalidDataException($"JPEG entropy-coded data near offset {reader.Position}: DC difference category {s} is out of range.");
                }

                c.DcPredictor += reader.ReceiveExtend(s);
                block[0] = (short)(c.DcPredictor << al);
            }
            else if (reader.ReadBit() != 0)
            {
                block[0] |= (short)(1 << al);
            }
        }
        else if (ah == 0)
        {
            DecodeAcFirst(reader, _acTables[c.AcTable]!, block, ss, se, al);
        }
        else
        {
            DecodeAcRefine(reader, _acTables[c.AcTable]!, block, ss, se, al);
        }
    }

    /// <summary>First AC scan of a band (G.1.2.2): run/size codes, or an end-of-band run covering later blocks.</summary>
    private void DecodeAcFirst(JpegBitReader reader, JpegHuffmanTable ac, Span<short> block, int ss, int se, int al)
    {
        if (_eobRun > 0)
        {
            _eobRun--;
            return;
        }

        ReadOnlySpan<byte> zigzag = ZigZag;
        for (int k = ss; k <= se; k++)
        {
            reader.Ensure32();
            int rs = ac.DecodeSymbol(reader);
            int run = rs >> 4;
            int size = rs & 15;
            if (size != 0)
            {
                k += run;
                if (k > se)
                {
                    throw BandOverrun(reader);
                }

                block[zigzag[k]] = (short)(reader.ReceiveExtend(size) << al);
            }
            else if (run == 15)
            {
                k += 15;
            }
            else
            {
                _eobRun = (1 << run) + reader.ReadBits(run) - 1;
                break;
            }
        }
    }

    /// <summary>
    /// AC refinement scan (G.1.2.3): one correction bit for every coefficient already non-zero, new
    /// coefficients of magnitude 2^Al placed after runs that count only still-zero coefficients.
    /// </summary>
    private void DecodeAcRefine(JpegBitReader reader, JpegHuffmanTable ac, Span<short> block, int ss, int se, int al)
    {
        int plus = 1 << al;
        int minus = -1 << al;
        ReadOnlySpan<byte> zigzag = ZigZag;
        int k = ss;
        if (_eobRun == 0)
        {
            for (; k <= se; k++)
            {
                reader.Ensure32();
                int rs = ac.DecodeSymbol(reader);
                int run = rs >> 4;
                int size = rs & 15;
                int value = 0;
                if (size != 0)
                {
                    if (size != 1)
                    {
                        throw new InvalidDataException($"JPEG entropy-coded data near offset {reader.Position}: refinement coefficient of size {size}, expected 1.");
                    }

                    value = reader.ReadBit() != 0 ? plus : minus;
                }
                else if (run != 15)
                {
                    _eobRun = (1 << run) + reader.ReadBits(run);
                    break;
                }

                for (; k <= se; k++)
                {
                    int z = zigzag[k];
                    if (block[z] != 0)
                    {
                        RefineCoefficient(reader, ref block[z], plus, minus);
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

                    block[zigzag[k]] = (short)value;
                }
            }
        }

        if (_eobRun > 0)
        {
            for (; k <= se; k++)
            {
                int z = zigzag[k];
                if (block[z] != 0)
                {
                    RefineCoefficient(reader, ref block[z], plus, minus);
                }
            }

            _eobRun--;
        }
    }

    private static void RefineCoefficient(JpegBitReader reader, ref short coefficient, int plus, int minus)
    {
        if (reader.ReadBit() != 0 && (coefficient & plus) == 0)
        {
            coefficient = (short)(coefficient + (coefficient >= 0 ? plus : minus));
        }
    }

    private static InvalidDataException BandOverrun(JpegBitReader reader) =>
        new($"JPEG entropy-coded data near offset {reader.Position}: a coefficient run goes past the end of the spectral band.");

    /// <summary>Dequantises and inverse-transforms every block of every component into its plane.</summary>
    private void TransformCoefficients()
    {
        foreach (JpegComponent c in _components)
        {
            short[] coefficients = c.Coefficients!;
            int[] quant = c.Quant!;
            int stride = c.Stride;
            for (int by = 0; by < c.HeightInBlocks; by++)
            {
                for (int bx = 0; bx < c.WidthInBlocks; bx++)
                {
                    ReadOnlySpan<short> block = coefficients.AsSpan((by * c.BlocksPerLine + bx) * 64, 64);
                    int offset = by * 8 * stride + bx * 8;
                    if (block[1..].IndexOfAnyExcept((short)0) < 0)
                    {
                        JpegIdct.FillDc(block[0] * quant[0], c.Plane, offset, stride);
                    }
                    else if (_avx2)
                    {
                        JpegIdct.TransformAvx2(block, quant, c.Plane, offset, stride);
                    }
                    else
                    {
                        JpegIdct.TransformScalar(block, quant, c.Plane, offset, stride);
                    }
                }
            }
        }
    }
}
