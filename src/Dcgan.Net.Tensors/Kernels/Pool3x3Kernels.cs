using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// The two 3x3 pools of Inception-v3, vectorised over whole planes: <see cref="Same"/> (stride 1, padding 1, the
/// same-size pools of the blocks) and <see cref="Halve"/> (stride 2, no padding, the reductions). Same contracts as
/// <see cref="Pool2dKernels"/> and the same arithmetic in the same order (window rows first, top to bottom, then
/// window columns, left to right; an average divides that float32 sum by its in-bounds count), so the results equal
/// the row-by-row kernel's; only the loop shape differs. The row-by-row kernel spends most of its time in calls over
/// rows of 8 to 35 values; these loops run over whole planes (stride 1) or whole rows of windows (stride 2).
/// </summary>
internal static class Pool3x3Kernels
{
    /// <summary>Planes up to this many values keep their column sums on the stack.</summary>
    private const int StackPlaneLimit = 2048;

    /// <summary>Whether one of the two kernels computes this pool.</summary>
    public static bool Handles(int height, int width, int kernel, int stride, int padding) =>
        kernel == 3 && ((stride == 1 && padding == 1 && height >= 2 && width >= 2)
                        || (stride == 2 && padding == 0 && height >= 3 && width >= 3));

    /// <summary>3x3 windows at stride 1 with padding 1 over <paramref name="planes"/> planes of height x width (both at least 2).</summary>
    public static void Same(ReadOnlySpan<float> input, Span<float> output, int planes, int height, int width, bool average)
    {
        if (average)
        {
            Same<Sum>(input, output, planes, height, width);
        }
        else
        {
            Same<Maximum>(input, output, planes, height, width);
        }
    }

    /// <summary>3x3 windows at stride 2 without padding over <paramref name="planes"/> planes of height x width (both at least 3).</summary>
    public static void Halve(ReadOnlySpan<float> input, Span<float> output, int planes, int height, int width, bool average)
    {
        if (average)
        {
            Halve<Sum>(input, output, planes, height, width);
        }
        else
        {
            Halve<Maximum>(input, output, planes, height, width);
        }
    }

    private static void Same<TOp>(ReadOnlySpan<float> input, Span<float> output, int planes, int h, int w)
        where TOp : struct, IReduction
    {
        int plane = h * w;
        float[]? rented = plane > StackPlaneLimit ? ArrayPool<float>.Shared.Rent(plane) : null;
        Span<float> v = rented is null ? stackalloc float[plane] : rented.AsSpan(0, plane);
        int last = (h - 1) * w;
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<float> x = input.Slice(p * plane, plane);
            Span<float> o = output.Slice(p * plane, plane);

            // v = the window's rows reduced: two rows at the top and bottom, three in between.
            Combine<TOp>(x[..w], x.Slice(w, w), v[..w]);
            if (h > 2)
            {
                Combine<TOp>(x[..(last - w)], x.Slice(w, last - w), x.Slice(2 * w, last - w), v[w..last]);
            }

            Combine<TOp>(x.Slice(last - w, w), x.Slice(last, w), v[last..]);

            // o = v's columns reduced along the flattened plane; each row's two edge values, which would reach into
            // the neighbouring rows, are redone with their two in-bounds columns.
            Combine<TOp>(v[..(plane - 2)], v.Slice(1, plane - 2), v[2..], o[1..(plane - 1)]);
            if (TOp.Averages)
            {
                Divide(o[..w], 6f);
                Divide(o[w..last], 9f);
                Divide(o[last..], 6f);
            }

            for (int y = 0; y < h; y++)
            {
                int row = y * w;
                float count = TOp.Averages ? (y == 0 || y == h - 1 ? 2 : 3) * 2 : 1;
                o[row] = TOp.Finish(TOp.Combine(v[row], v[row + 1]), count);
                o[row + w - 1] = TOp.Finish(TOp.Combine(v[row + w - 2], v[row + w - 1]), count);
            }
        }

        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static void Halve<TOp>(ReadOnlySpan<float> input, Span<float> output, int planes, int h, int w)
        where TOp : struct, IReduction
    {
        int oh = ((h - 3) / 2) + 1;
        int ow = ((w - 3) / 2) + 1;
        int span = (2 * ow) + 1;
        float[]? rented = 2 * w > StackPlaneLimit ? ArrayPool<float>.Shared.Rent(2 * w) : null;
        Span<float> scratch = rented is null ? stackalloc float[2 * w] : rented.AsSpan(0, 2 * w);
        Span<float> rows = scratch[..span];
        Span<float> pairs = scratch.Slice(w, span - 1);
        bool wide = CpuFeatures.Current == KernelIsa.Avx512;
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<float> x = input.Slice(p * h * w, h * w);
            Span<float> o = output.Slice(p * oh * ow, oh * ow);
            for (int oy = 0; oy < oh; oy++)
            {
                // rows = the window's three rows reduced (only the columns some window reaches); pairs[i] = rows[i]
                // with rows[i + 1], so window ox is pairs[2 ox] with rows[2 ox + 2].
                ReadOnlySpan<float> top = x.Slice(2 * oy * w, span);
                Combine<TOp>(top, x.Slice(((2 * oy) + 1) * w, span), x.Slice(((2 * oy) + 2) * w, span), rows);
                Combine<TOp>(rows[..^1], rows[1..], pairs);
                Windows<TOp>(rows, pairs, o.Slice(oy * ow, ow), wide);
            }
        }

        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// target[ox] = pairs[2 ox] op rows[2 ox + 2], finished: the windows of a stride-2 row. The AVX-512 path reduces
    /// 32 positions and keeps the 16 even ones with one two-vector permutation; the scalar loop does the rest.
    /// </summary>
    private static unsafe void Windows<TOp>(ReadOnlySpan<float> rows, ReadOnlySpan<float> pairs, Span<float> target, bool wide)
        where TOp : struct, IReduction
    {
        int ox = 0;
        if (wide)
        {
            Vector512<int> evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            Vector512<float> count = Vector512.Create(9f);
            fixed (float* r = rows, p = pairs, t = target)
            {
                for (; ox + 16 <= target.Length; ox += 16)
                {
                    int i = 2 * ox;
                    Vector512<float> low = TOp.Combine(Vector512.Load(p + i), Vector512.Load(r + i + 2));
                    Vector512<float> high = TOp.Combine(Vector512.Load(p + i + 16), Vector512.Load(r + i + 18));
                    TOp.Finish(Avx512F.PermuteVar16x32x2(low, evens, high), count).Store(t + ox);
                }
            }
        }

        for (; ox < target.Length; ox++)
        {
            target[ox] = TOp.Finish(TOp.Combine(pairs[2 * ox], rows[(2 * ox) + 2]), 9f);
        }
    }

    /// <summary>target[i] = a[i] op b[i].</summary>
    private static void Combine<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> target)
        where TOp : struct, IReduction
    {
        int i = 0;
        int step = Vector<float>.Count;
        for (; i <= target.Length - step; i += step)
        {
            TOp.Combine(new Vector<float>(a[i..]), new Vector<float>(b[i..])).CopyTo(target[i..]);
        }

        for (; i < target.Length; i++)
        {
            target[i] = TOp.Combine(a[i], b[i]);
        }
    }

    /// <summary>target[i] = (a[i] op b[i]) op c[i].</summary>
    private static void Combine<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> target)
        where TOp : struct, IReduction
    {
        int i = 0;
        int step = Vector<float>.Count;
        for (; i <= target.Length - step; i += step)
        {
            Vector<float> ab = TOp.Combine(new Vector<float>(a[i..]), new Vector<float>(b[i..]));
            TOp.Combine(ab, new Vector<float>(c[i..])).CopyTo(target[i..]);
        }

        for (; i < target.Length; i++)
        {
            target[i] = TOp.Combine(TOp.Combine(a[i], b[i]), c[i]);
        }
    }

    /// <summary>values[i] /= count (a true division, as the row-by-row kernel does).</summary>
    private static void Divide(Span<float> values, float count)
    {
        int i = 0;
        int step = Vector<float>.Count;
        var divisor = new Vector<float>(count);
        for (; i <= values.Length - step; i += step)
        {
            (new Vector<float>(values[i..]) / divisor).CopyTo(values[i..]);
        }

        for (; i < values.Length; i++)
        {
            values[i] /= count;
        }
    }

    /// <summary>The reduction of a pool: sum (then divide by the count) or maximum.</summary>
    private interface IReduction
    {
        static abstract bool Averages { get; }

        static abstract float Combine(float a, float b);

        static abstract Vector<float> Combine(Vector<float> a, Vector<float> b);

        static abstract Vector512<float> Combine(Vector512<float> a, Vector512<float> b);

        static abstract float Finish(float reduced, float count);

        static abstract Vector512<float> Finish(Vector512<float> reduced, Vector512<float> count);
    }

    private readonly struct Sum : IReduction
    {
        public static bool Averages => true;

        public static float Combine(float a, float b) => a + b;

        public static Vector<float> Combine(Vector<float> a, Vector<float> b) => a + b;

        public static Vector512<float> Combine(Vector512<float> a, Vector512<float> b) => a + b;

        public static float Finish(float reduced, float count) => reduced / count;

        public static Vector512<float> Finish(Vector512<float> reduced, Vector512<float> count) => reduced / count;
    }

    /// <summary>IEEE 754 maximum: NaN wins, and +0 over -0 (as <see cref="System.Numerics.Tensors.TensorPrimitives.Max(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>).</summary>
    private readonly struct Maximum : IReduction
    {
        public static bool Averages => false;

        public static float Combine(float a, float b) => MathF.Max(a, b);

        public static Vector<float> Combine(Vector<float> a, Vector<float> b) => Vector.Max(a, b);

        public static Vector512<float> Combine(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);

        public static float Finish(float reduced, float count) => reduced;

        public static Vector512<float> Finish(Vector512<float> reduced, Vector512<float> count) => reduced;
    }
}
