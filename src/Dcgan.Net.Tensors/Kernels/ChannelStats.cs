using System.Numerics;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// The per-channel row loops of batch normalisation. Lanes: one <see cref="Vector{T}"/> of floats per step,
/// widened into two double vectors for the float64 sums (per-lane partial sums, added across lanes at the
/// end, then the scalar tail); the float formulas keep the scalar operation order, so their bits match the
/// plain loops exactly. Sums differ from a sequential float64 sum only in double rounding.
/// </summary>
internal static class ChannelStats
{
    /// <summary>Sum of <paramref name="row"/> in float64.</summary>
    public static double Sum(ReadOnlySpan<float> row)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> lo = Vector<double>.Zero, hi = Vector<double>.Zero;
            for (; i <= row.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(row[i..]), out Vector<double> a, out Vector<double> b);
                lo += a;
                hi += b;
            }

            sum = Vector.Sum(lo + hi);
        }

        for (; i < row.Length; i++)
        {
            sum += row[i];
        }

        return sum;
    }

    /// <summary>Sum of (v - <paramref name="mean"/>)^2 over <paramref name="row"/> in float64.</summary>
    public static double SquaredDeviation(ReadOnlySpan<float> row, double mean)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mu = new Vector<double>(mean);
            Vector<double> lo = Vector<double>.Zero, hi = Vector<double>.Zero;
            for (; i <= row.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(row[i..]), out Vector<double> a, out Vector<double> b);
                a -= mu;
                b -= mu;
                lo += a * a;
                hi += b * b;
            }

            sum = Vector.Sum(lo + hi);
        }

        for (; i < row.Length; i++)
        {
            double d = row[i] - mean;
            sum += d * d;
        }

        return sum;
    }

    /// <summary>
    /// Adds sum(g) and sum(g * xhat), xhat = (x - mean) * invStd (formed in float), in float64 onto
    /// <paramref name="sumG"/> and <paramref name="sumGx"/>.
    /// </summary>
    public static void GradientSums(ReadOnlySpan<float> g, ReadOnlySpan<float> x, float mean, float invStd, ref double sumG, ref double sumGx)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mu = new Vector<float>(mean);
            var istd = new Vector<float>(invStd);
            Vector<double> g0 = Vector<double>.Zero, g1 = Vector<double>.Zero, p0 = Vector<double>.Zero, p1 = Vector<double>.Zero;
            for (; i <= g.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var vg = new Vector<float>(g[i..]);
                var product = vg * ((new Vector<float>(x[i..]) - mu) * istd);
                Vector.Widen(vg, out Vector<double> a, out Vector<double> b);
                g0 += a;
                g1 += b;
                Vector.Widen(product, out a, out b);
                p0 += a;
                p1 += b;
            }

            sumG += Vector.Sum(g0 + g1);
            sumGx += Vector.Sum(p0 + p1);
        }

        for (; i < g.Length; i++)
        {
            sumG += g[i];
            sumGx += g[i] * ((x[i] - mean) * invStd);
        }
    }

    /// <summary>dx = scale * (g - meanG - xhat * meanGx), xhat = (x - mean) * invStd.</summary>
    public static void InputGradient(ReadOnlySpan<float> g, ReadOnlySpan<float> x, float mean, float invStd, float scale, float meanG, float meanGx, Span<float> dx)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mu = new Vector<float>(mean);
            var istd = new Vector<float>(invStd);
            var vs = new Vector<float>(scale);
            var mg = new Vector<float>(meanG);
            var mgx = new Vector<float>(meanGx);
            for (; i <= g.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var xhat = (new Vector<float>(x[i..]) - mu) * istd;
                (vs * (new Vector<float>(g[i..]) - mg - (xhat * mgx))).CopyTo(dx[i..]);
            }
        }

        for (; i < g.Length; i++)
        {
            float xhat = (x[i] - mean) * invStd;
            dx[i] = scale * (g[i] - meanG - (xhat * meanGx));
        }
    }
}
