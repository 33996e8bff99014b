using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// Splits a row into its even and odd elements and merges two rows back into one, alternating: the stride-2
/// reads and writes of the Winograd tiles (each tile starts two columns after the previous one). AVX-512 and
/// AVX2 paths permute whole vectors (the caller passes <see cref="CpuFeatures.Current"/>, read once per
/// convolution); the scalar loops are the reference and the tails. They only move values, so every path gives the same bits.
/// </summary>
internal static class EvenOddLanes
{
    /// <summary>Values past the end that <see cref="SplitFour"/> may read from its source and write to its rows.</summary>
    public const int Slack = 64;

    /// <summary>
    /// The four stride-2 rows of a run of <paramref name="count"/> Winograd tiles, <paramref name="stride"/> apart in
    /// <paramref name="rows"/>: <c>row0[i] = source[2i]</c>, <c>row1[i] = source[2i + 1]</c>,
    /// <c>row2[i] = source[2i + 2]</c>, <c>row3[i] = source[2i + 3]</c>. The vector paths work in whole vectors, so
    /// they may read up to <see cref="Slack"/> values past <c>source[2 * count + 1]</c> and write up to
    /// <see cref="Slack"/> / 2 values past each row's <paramref name="count"/>; both must exist (what is written
    /// there is a copy of what was read).
    /// </summary>
    public static unsafe void SplitFour(ReadOnlySpan<float> source, Span<float> rows, int stride, int count, KernelIsa isa)
    {
        if (source.Length < (2 * count) + 2 + Slack || stride < count + (Slack / 2) || rows.Length < (3 * stride) + count + (Slack / 2))
        {
            throw new ArgumentException($"Splitting {count} tiles needs {(2 * count) + 2 + Slack} source values and rows of {count + (Slack / 2)}.");
        }

        fixed (float* src = source, row = rows)
        {
            switch (isa)
            {
                case KernelIsa.Avx512:
                    SplitFourAvx512(src, row, stride, count);
                    break;
                case KernelIsa.Avx2:
                    SplitFourAvx2(src, row, stride, count);
                    break;
                default:
                    for (int i = 0; i < count; i++)
                    {
                        row[i] = src[2 * i];
                        row[stride + i] = src[(2 * i) + 1];
                        row[(2 * stride) + i] = src[(2 * i) + 2];
                        row[(3 * stride) + i] = src[(2 * i) + 3];
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// <c>destination[2i] = even[i]</c>, <c>destination[2i + 1] = odd[i]</c> for every index below
    /// destination.Length, which may be odd (the last value is then an even one). Nothing past the destination is
    /// written (the vector paths store the last vectors under a lane mask), but <paramref name="even"/> and
    /// <paramref name="odd"/> are read in whole vectors: each needs <see cref="Slack"/> / 2 readable values past
    /// its half of the destination.
    /// </summary>
    public static unsafe void Merge(ReadOnlySpan<float> even, ReadOnlySpan<float> odd, Span<float> destination, KernelIsa isa)
    {
        int count = destination.Length;
        int reach = ((count + 1) / 2) + (Slack / 2);
        if (even.Length < reach || odd.Length < reach)
        {
            throw new ArgumentException($"Merging into {count} values reads {reach} even and odd ones.");
        }

        fixed (float* e = even, o = odd, d = destination)
        {
            switch (isa)
            {
                case KernelIsa.Avx512:
                    MergeAvx512(e, o, d, count);
                    break;
                case KernelIsa.Avx2:
                    MergeAvx2(e, o, d, count);
                    break;
                default:
                    for (int i = 0; i < count; i++)
                    {
                        d[i] = (i & 1) == 0 ? e[i / 2] : o[i / 2];
                    }

                    break;
            }
        }
    }

    /// <summary>Whole vectors of 16 tiles, the last one reaching past <paramref name="count"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SplitFourAvx512(float* src, float* row, nint stride, int count)
    {
        Vector512<int> evenIndex = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        Vector512<int> oddIndex = evenIndex + Vector512<int>.One;
        for (int i = 0; i < count; i += 16, src += 32, row += 16)
        {
            Vector512<float> low = Vector512.Load(src);
            Vector512<float> high = Vector512.Load(src + 16);
            Vector512<float> nextLow = Vector512.Load(src + 2);
            Vector512<float> nextHigh = Vector512.Load(src + 18);
            Avx512F.PermuteVar16x32x2(low, evenIndex, high).Store(row);
            Avx512F.PermuteVar16x32x2(low, oddIndex, high).Store(row + stride);
            Avx512F.PermuteVar16x32x2(nextLow, evenIndex, nextHigh).Store(row + (2 * stride));
            Avx512F.PermuteVar16x32x2(nextLow, oddIndex, nextHigh).Store(row + (3 * stride));
        }
    }

    /// <summary>Whole vectors of 8 tiles, the last one reaching past <paramref name="count"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SplitFourAvx2(float* src, float* row, nint stride, int count)
    {
        for (int i = 0; i < count; i += 8, src += 16, row += 8)
        {
            (Vector256<float> even, Vector256<float> odd) = SplitAvx2(src);
            even.Store(row);
            odd.Store(row + stride);
            (even, odd) = SplitAvx2(src + 2);
            even.Store(row + (2 * stride));
            odd.Store(row + (3 * stride));
        }
    }

    /// <summary>The even and odd ones of the 16 values at <paramref name="src"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector256<float> Even, Vector256<float> Odd) SplitAvx2(float* src)
    {
        Vector256<float> low = Vector256.Load(src);
        Vector256<float> high = Vector256.Load(src + 8);

        // Within each 128-bit half: [low 0 2, high 0 2]; then the 64-bit quarters are put in order.
        Vector256<double> evens = Avx.Shuffle(low, high, 0b10_00_10_00).AsDouble();
        Vector256<double> odds = Avx.Shuffle(low, high, 0b11_01_11_01).AsDouble();
        return (Avx2.Permute4x64(evens, 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odds, 0b11_01_10_00).AsSingle());
    }

    /// <summary>Pairs of 16 at a time; the vectors that would pass the end are stored under a mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MergeAvx512(float* even, float* odd, float* dst, int count)
    {
        Vector512<int> lowIndex = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        Vector512<int> highIndex = lowIndex + Vector512.Create(8);
        Vector512<int> lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        for (int i = 0; 2 * i < count; i += 16)
        {
            Vector512<float> e = Vector512.Load(even + i);
            Vector512<float> o = Vector512.Load(odd + i);
            Vector512<float> low = Avx512F.PermuteVar16x32x2(e, lowIndex, o);
            Vector512<float> high = Avx512F.PermuteVar16x32x2(e, highIndex, o);
            int left = count - (2 * i);
            if (left >= 32)
            {
                low.Store(dst + (2 * i));
                high.Store(dst + (2 * i) + 16);
            }
            else
            {
                Avx512F.MaskStore(dst + (2 * i), Vector512.LessThan(lanes, Vector512.Create(left)).AsSingle(), low);
                Avx512F.MaskStore(dst + (2 * i) + 16, Vector512.LessThan(lanes, Vector512.Create(left - 16)).AsSingle(), high);
            }
        }
    }

    /// <summary>Pairs of 8 at a time; the vectors that would pass the end are stored under a mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MergeAvx2(float* even, float* odd, float* dst, int count)
    {
        Vector256<int> lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        for (int i = 0; 2 * i < count; i += 8)
        {
            Vector256<float> e = Vector256.Load(even + i);
            Vector256<float> o = Vector256.Load(odd + i);

            // Unpacking interleaves within 128-bit halves: [e0 o0 e1 o1 | e4 o4 e5 o5] and [e2 o2 e3 o3 | e6 o6 e7 o7].
            Vector256<float> unpackLow = Avx.UnpackLow(e, o);
            Vector256<float> unpackHigh = Avx.UnpackHigh(e, o);
            Vector256<float> low = Avx.Permute2x128(unpackLow, unpackHigh, 0x20);
            Vector256<float> high = Avx.Permute2x128(unpackLow, unpackHigh, 0x31);
            int left = count - (2 * i);
            if (left >= 16)
            {
                low.Store(dst + (2 * i));
                high.Store(dst + (2 * i) + 8);
            }
            else
            {
                Avx.MaskStore(dst + (2 * i), Vector256.LessThan(lanes, Vector256.Create(left)).AsSingle(), low);
                Avx.MaskStore(dst + (2 * i) + 8, Vector256.LessThan(lanes, Vector256.Create(left - 8)).AsSingle(), high);
            }
        }
    }
}
