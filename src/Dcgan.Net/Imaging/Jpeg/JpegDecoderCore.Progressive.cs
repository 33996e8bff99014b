using System.Numerics;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Progressive Huffman scans, T.81 G.1.2: DC first and refinement scans (interleaved or not), AC first
/// and refinement scans (one component, spectral band Ss..Se, bit position Al) with end-of-band runs.
/// Coefficients accumulate in each component's buffer, in zig-zag order; <see cref="TransformCoefficients"/> turns them
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
            bool skipEndOfBandRuns = ss > 0 && ah == 0 && _restartInterval == 0;
            for (int by = 0; by < c.HeightInBlocks; by++)
            {
                for (int bx = 0; bx < c.WidthInBlocks; bx++)
                {
                    if (skipEndOfBandRuns && _eobRun > 0)
                    {
                        // A first AC scan leaves the blocks of an end-of-band run untouched.
                        int skipped = Math.Min(_eobRun, c.WidthInBlocks - bx);
                        _eobRun -= skipped;
                        bx += skipped - 1;
                        continue;
                    }

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

    /// <summary>Dequantises and inverse-transforms every block of every component into its plane.</summary>
    private void TransformCoefficients()
    {
        Span<short> natural = _block;
        ReadOnlySpan<byte> zigzag = ZigZag;
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
                    int end = 64 - BitOperations.LeadingZeroCount(NonZeroMask(block));
                    for (int k = 1; k < end; k++)
                    {
                        natural[zigzag[k]] = block[k];
                    }

                    natural[0] = block[0];
                    TransformBlock(natural, end, quant, c.Plane, by * 8 * stride + bx * 8, stride);
                    natural.Clear();
                }
            }
        }
    }
}
