using System.Buffers;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Brings a subsampled component up to full resolution one output row at a time, the way libjpeg does
/// by default ("fancy upsampling"): for 2:1 ratios each output sample is a triangle-filter blend of the
/// nearest input sample (weight 3/4) and the next nearest (1/4), with alternating rounding biases so that
/// errors do not accumulate in one direction; 2x2 applies that vertically, then horizontally. Edges
/// replicate the last real sample row or column of the component. Other integral ratios, and 2:1
/// horizontal ratios on components of at most two columns, replicate samples (box filter).
/// </summary>
internal static partial class JpegUpsampler
{
    /// <summary>
    /// Writes output row <paramref name="y"/> of <paramref name="component"/> upsampled by
    /// (<paramref name="rh"/>, <paramref name="rv"/>) into <paramref name="dst"/>, which must hold
    /// Width * rh samples; <paramref name="simd"/> allows the SIMD kernels, and <paramref name="sums"/>
    /// (Width + 2 values, or empty) is their scratch row for 2x2 upsampling.
    /// </summary>
    public static void UpsampleRow(JpegComponent component, int rh, int rv, int y, Span<byte> dst, Span<short> sums, bool simd)
    {
        int width = component.Width;
        int stride = component.Stride;
        ReadOnlySpan<byte> plane = component.Plane;
        bool fancyH = rh == 2 && width > 2;
        if (rv == 2 && (rh == 1 || fancyH))
        {
            int row = y >> 1;
            int far = (y & 1) == 0 ? Math.Max(row - 1, 0) : Math.Min(row + 1, component.Height - 1);
            ReadOnlySpan<byte> near = plane.Slice(row * stride, width);
            ReadOnlySpan<byte> other = plane.Slice(far * stride, width);
            if (rh == 1)
            {
                // Bias 1 on the upper row of a pair and 2 on the lower, as libjpeg's h1v2 method.
                int bias = 1 + (y & 1);
                for (int x = 0; x < width; x++)
                {
                    dst[x] = (byte)((near[x] * 3 + other[x] + bias) >> 2);
                }
            }
            else
            {
                H2V2Row(near, other, dst, simd, sums);
            }

            return;
        }

        ReadOnlySpan<byte> source = plane.Slice(y / rv * stride, width);
        if (rv == 1 && fancyH)
        {
            H2V1Row(source, dst, simd);
            return;
        }

        for (int x = 0, o = 0; x < width; x++, o += rh)
        {
            dst.Slice(o, rh).Fill(source[x]);
        }
    }

    /// <summary>Horizontal 2:1 triangle filter: out[2i] = (3 in[i] + in[i-1] + 1) / 4, out[2i+1] = (3 in[i] + in[i+1] + 2) / 4.</summary>
    public static void H2V1Row(ReadOnlySpan<byte> source, Span<byte> dst, bool simd)
    {
        int width = source.Length;
        dst[0] = source[0];
        dst[1] = (byte)((source[0] * 3 + source[1] + 2) >> 2);
        int x = simd && Avx2.IsSupported ? H2V1InteriorAvx2(source, dst) : 1;
        for (; x < width - 1; x++)
        {
            int v = source[x] * 3;
            dst[2 * x] = (byte)((v + source[x - 1] + 1) >> 2);
            dst[2 * x + 1] = (byte)((v + source[x + 1] + 2) >> 2);
        }

        int last = width - 1;
        dst[2 * last] = (byte)((source[last] * 3 + source[last - 1] + 1) >> 2);
        dst[2 * last + 1] = source[last];
    }

    /// <summary>
    /// 2x2 triangle filter for one output row: column sums 3 near + far, then the horizontal blend of
    /// sums with biases 8 (even outputs) and 7 (odd outputs) before dividing by 16. With
    /// <paramref name="simd"/>, rows of 16 or more samples go through the vector kernel, which keeps the
    /// column sums in <paramref name="sums"/> (at least width + 2 values; rented when too short).
    /// </summary>
    public static void H2V2Row(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> dst, bool simd, Span<short> sums = default)
    {
        int width = near.Length;
        if (simd && Avx2.IsSupported && width >= VectorRowMinimum)
        {
            if (sums.Length >= width + 2)
            {
                H2V2RowVector(near, far, sums, dst);
                return;
            }

            short[] rented = ArrayPool<short>.Shared.Rent(width + 2);
            H2V2RowVector(near, far, rented, dst);
            ArrayPool<short>.Shared.Return(rented);
            return;
        }

        H2V2RowScalar(near, far, dst);
    }

    /// <summary>Reference of <see cref="H2V2Row"/>: edges replicate the first and last column sums.</summary>
    public static void H2V2RowScalar(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> dst)
    {
        int width = near.Length;
        int first = near[0] * 3 + far[0];
        dst[0] = (byte)((first * 4 + 8) >> 4);
        dst[1] = (byte)((first * 3 + near[1] * 3 + far[1] + 7) >> 4);
        for (int x = 1; x < width - 1; x++)
        {
            int previous = near[x - 1] * 3 + far[x - 1];
            int current = near[x] * 3 + far[x];
            int next = near[x + 1] * 3 + far[x + 1];
            dst[2 * x] = (byte)((current * 3 + previous + 8) >> 4);
            dst[2 * x + 1] = (byte)((current * 3 + next + 7) >> 4);
        }

        int last = width - 1;
        int lastSum = near[last] * 3 + far[last];
        dst[2 * last] = (byte)((lastSum * 3 + near[last - 1] * 3 + far[last - 1] + 8) >> 4);
        dst[2 * last + 1] = (byte)((lastSum * 4 + 7) >> 4);
    }
}
