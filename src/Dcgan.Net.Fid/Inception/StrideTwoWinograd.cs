namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// Winograd transforms for a 3x3 stride-2 convolution, m x m outputs per tile. Along each axis, m outputs
/// <c>y_t = w0 x_2t + w1 x_2t+1 + w2 x_2t+2</c> read 2m + 1 inputs: the even ones meet the taps (w0, w2), a
/// two-tap filter over m + 1 values that F(m, 2) (<see cref="LineWinograd"/>) computes with m + 1 products,
/// and the odd ones meet w1 alone, m more products. So one axis is a minimal filtering with n = 2m + 1 points:
/// <list type="bullet">
/// <item>B^T [n, n]: points 0..m are F(m, 2)'s input transform of the even inputs, points m+1..2m the odd inputs themselves;</item>
/// <item>G [n, 3]: points 0..m are F(m, 2)'s filter transform of (w0, w2), the others w1;</item>
/// <item>A^T [m, n]: F(m, 2)'s output transform of points 0..m, plus point m + 1 + t to output t.</item>
/// </list>
/// The square tile is the outer product of the axis with itself, <c>Y = A^T [(G g G^T) ∘ (B^T d B)] A</c> over
/// (2m + 1)² points (<see cref="SeparableWinograd"/>), each a matrix product [O, C] x [C, tiles]: 25 products for
/// 2 x 2 outputs, 49 for 3 x 3 and 81 for 4 x 4, instead of 9 per output. B^T and A^T hold small integers and G
/// halves, sixths and ones, so the transforms round little. The odd points of an axis share one row of G, so only
/// (m + 2)² matrices U differ.
/// </summary>
internal static class StrideTwoWinograd
{
    private static readonly SeparableWinograd[] s_known = [Build(2), Build(3), Build(4)];

    /// <summary>Whether <paramref name="spec"/> is a 3x3 stride-2 convolution.</summary>
    public static bool Applies(ConvSpec spec) => spec.Stride == 2 && spec.KernelH == 3 && spec.KernelW == 3;

    /// <summary>The transforms for tiles of <paramref name="outputs"/> x <paramref name="outputs"/> (2, 3 or 4).</summary>
    public static SeparableWinograd For(int outputs) =>
        outputs is >= 2 and <= 4 ? s_known[outputs - 2]
        : throw new ArgumentOutOfRangeException(nameof(outputs), $"No stride-2 Winograd transform for {outputs} x {outputs} tiles (2, 3 or 4).");

    /// <summary>
    /// The tile side with the fewest products for an output of <paramref name="outHeight"/> x <paramref name="outWidth"/>:
    /// (2m + 1)² per tile times the tiles that cover it, the smaller side on ties. 17 x 17 (Mixed_6a) takes 3 (36
    /// tiles of 49), 8 x 8 (Mixed_7a) takes 4 (4 tiles of 81).
    /// </summary>
    public static int TileFor(int outHeight, int outWidth)
    {
        int best = 2;
        long fewest = long.MaxValue;
        foreach (SeparableWinograd transform in s_known)
        {
            int m = transform.Outputs;
            long products = (long)transform.Points * ((outHeight + m - 1) / m) * ((outWidth + m - 1) / m);
            if (products < fewest)
            {
                fewest = products;
                best = m;
            }
        }

        return best;
    }

    /// <summary>The axis of m outputs: F(m, 2) on the even inputs, the odd ones direct.</summary>
    private static SeparableWinograd Build(int outputs)
    {
        var inner = new LineWinograd(outputs, 2);
        int n = (2 * outputs) + 1;
        var inputTransform = new float[n * n];
        var outputTransform = new float[outputs * n];
        var filterTransform = new double[n * 3];
        ReadOnlySpan<double> innerFilter = inner.FilterTransform;
        for (int k = 0; k <= outputs; k++)
        {
            for (int i = 0; i <= outputs; i++)
            {
                inputTransform[(k * n) + (2 * i)] = inner.InputTransform[(k * (outputs + 1)) + i];
            }

            for (int t = 0; t < outputs; t++)
            {
                outputTransform[(t * n) + k] = inner.OutputTransform[(t * (outputs + 1)) + k];
            }

            filterTransform[k * 3] = innerFilter[k * 2];
            filterTransform[(k * 3) + 2] = innerFilter[(k * 2) + 1];
        }

        for (int t = 0; t < outputs; t++)
        {
            int point = outputs + 1 + t;
            inputTransform[(point * n) + (2 * t) + 1] = 1;
            outputTransform[(t * n) + point] = 1;
            filterTransform[(point * 3) + 1] = 1;
        }

        return new SeparableWinograd(outputs, 3, 2 * outputs, inputTransform, outputTransform, filterTransform);
    }
}
