namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// Unfolds a column range of a convolution's output positions into the im2col matrix of channel-major
/// activations (<see cref="Activation"/>): row (c, ky, kx) of <c>col</c> [PatchSize, j1 - j0] holds, for output
/// position j = (image, oy, ox), the input value that tap sees, zero in the padding.
/// <para>
/// Two ways, chosen per convolution. A stride-1 convolution that keeps the size (every padded one here) sees, through
/// tap (ky, kx), the input plane shifted by (ky - padH) rows and (kx - padW) columns: one contiguous copy per image
/// and tap, with the positions that fall off the plane zeroed and the few that wrap round a row edge zeroed after.
/// Every other convolution (unpadded or strided) copies or gathers each output row on its own.
/// </para>
/// </summary>
internal static class ChannelMajorIm2Col
{
    /// <summary>Fills <paramref name="col"/> [PatchSize, j1 - j0] for output columns [j0, j1) of <paramref name="input"/> under <paramref name="spec"/>.</summary>
    public static void Expand(in Activation input, ConvSpec spec, int j0, int j1, Span<float> col)
    {
        int outH = spec.OutHeight(input.Height);
        int outW = spec.OutWidth(input.Width);
        int outPlane = outH * outW;
        int n = j1 - j0;
        bool shifted = spec.Stride == 1 && outH == input.Height && outW == input.Width;
        ReadOnlySpan<float> source = input.Span;
        for (int c = 0; c < spec.InChannels; c++)
        {
            ReadOnlySpan<float> channel = source.Slice(c * input.RowLength, input.RowLength);
            for (int ky = 0; ky < spec.KernelH; ky++)
            {
                for (int kx = 0; kx < spec.KernelW; kx++)
                {
                    Span<float> row = col.Slice((((c * spec.KernelH) + ky) * spec.KernelW + kx) * n, n);

                    // Walk the column range one image at a time: [q0, q1) are plane positions of image b.
                    for (int j = j0; j < j1;)
                    {
                        int b = j / outPlane;
                        int q0 = j - (b * outPlane);
                        int q1 = Math.Min(outPlane, q0 + (j1 - j));
                        ReadOnlySpan<float> plane = channel.Slice(b * input.Plane, input.Plane);
                        Span<float> target = row.Slice(j - j0, q1 - q0);
                        if (shifted)
                        {
                            ShiftedCopy(plane, target, q0, input.Width, ky - spec.PadH, kx - spec.PadW);
                        }
                        else
                        {
                            RowCopies(plane, target, q0, input.Height, input.Width, outW, spec.Stride, ky - spec.PadH, kx - spec.PadW);
                        }

                        j += q1 - q0;
                    }
                }
            }
        }
    }

    /// <summary>target[q - q0] = plane[q + dy * width + dx] where that pixel exists (same-size stride-1 output), else 0.</summary>
    private static void ShiftedCopy(ReadOnlySpan<float> plane, Span<float> target, int q0, int width, int dy, int dx)
    {
        int shift = (dy * width) + dx;
        int q1 = q0 + target.Length;
        int lo = Math.Clamp(-shift, q0, q1);
        int hi = Math.Clamp(plane.Length - shift, lo, q1);
        target[..(lo - q0)].Clear();
        if (hi > lo)
        {
            plane.Slice(lo + shift, hi - lo).CopyTo(target[(lo - q0)..(hi - q0)]);
        }

        target[(hi - q0)..].Clear();
        if (dx == 0)
        {
            return;
        }

        // Columns whose tap falls left (dx < 0) or right (dx > 0) of the row read the neighbouring row: zero them.
        int first = q0 / width;
        int last = (q1 - 1) / width;
        int edgeStart = dx < 0 ? 0 : width - dx;
        int edgeEnd = dx < 0 ? -dx : width;
        for (int y = first; y <= last; y++)
        {
            int start = Math.Max(q0, (y * width) + edgeStart);
            int end = Math.Min(q1, (y * width) + edgeEnd);
            if (start < end)
            {
                target[(start - q0)..(end - q0)].Clear();
            }
        }
    }

    /// <summary>The general case: each output row (oy) of plane positions [q0, q0 + target.Length) gathered on its own.</summary>
    private static void RowCopies(
        ReadOnlySpan<float> plane, Span<float> target, int q0, int height, int width, int outW, int stride, int dy, int dx)
    {
        int q1 = q0 + target.Length;
        for (int q = q0; q < q1;)
        {
            int oy = q / outW;
            int ox0 = q - (oy * outW);
            int ox1 = Math.Min(outW, ox0 + (q1 - q));
            Span<float> run = target.Slice(q - q0, ox1 - ox0);
            int y = (oy * stride) + dy;
            if (y < 0 || y >= height)
            {
                run.Clear();
            }
            else
            {
                ReadOnlySpan<float> line = plane.Slice(y * width, width);

                // Output columns whose tap lies inside the row: ox in [inLo, inHi).
                int inLo = Math.Clamp(dx >= 0 ? 0 : (-dx + stride - 1) / stride, ox0, ox1);
                int inHi = Math.Clamp(dx > width - 1 ? 0 : ((width - 1 - dx) / stride) + 1, inLo, ox1);
                run[..(inLo - ox0)].Clear();
                run[(inHi - ox0)..].Clear();
                if (stride == 1)
                {
                    line.Slice(inLo + dx, inHi - inLo).CopyTo(run[(inLo - ox0)..]);
                }
                else
                {
                    for (int ox = inLo; ox < inHi; ox++)
                    {
                        run[ox - ox0] = line[(ox * stride) + dx];
                    }
                }
            }

            q += ox1 - ox0;
        }
    }
}
