using System.Numerics;
using System.Numerics.Tensors;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// SIMD element-wise helpers over spans. Thin wrappers over <see cref="TensorPrimitives"/> (which picks
/// AVX-512, AVX2 or scalar code at run time) plus the few fused loops the engine needs.
/// </summary>
internal static class Elementwise
{
    public static void AddInPlace(Span<float> target, ReadOnlySpan<float> values) => TensorPrimitives.Add(target, values, target);

    public static void Scale(ReadOnlySpan<float> x, float s, Span<float> y) => TensorPrimitives.Multiply(x, s, y);

    /// <summary>y = x * scale + shift, one fused pass.</summary>
    public static void ScaleShift(ReadOnlySpan<float> x, float scale, float shift, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<float>(scale);
            var vb = new Vector<float>(shift);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(x[i..]) * vs + vb).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = (x[i] * scale) + shift;
        }
    }

    /// <summary>y = max(x, 0) + slope * min(x, 0), a vector at a time (a select, so bits match the scalar form).</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<float>(slope);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(x[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), v, v * vs).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            float v = x[i];
            y[i] = v > 0 ? v : v * slope;
        }
    }

    /// <summary>mask = 1 where x &gt; 0, <paramref name="negative"/> elsewhere (the derivative mask of (leaky) ReLU).</summary>
    public static void PositiveMask(ReadOnlySpan<float> x, float negative, Span<float> mask)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vn = new Vector<float>(negative);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(x[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), Vector<float>.One, vn).CopyTo(mask[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            mask[i] = x[i] > 0 ? 1f : negative;
        }
    }
}
