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
/// (2m + 1)² points, each a matrix product [O, C] x [C, tiles]: 25 products for 2 x 2 outputs, 49 for 3 x 3 and 81
/// for 4 x 4, instead of 9 per output. B^T and A^T hold small integers and G halves, sixths and ones, so the
/// transforms round little. Points whose row and column both lie in the odd part share one filter value, as do
/// the odd rows (columns) of a column (row): only <see cref="DistinctFilters"/> matrices U are kept.
/// </summary>
internal sealed class StrideTwoWinograd
{
    private static readonly StrideTwoWinograd[] s_known = [new(2), new(3), new(4)];

    private readonly double[] _filterTransform;

    private StrideTwoWinograd(int outputs)
    {
        var inner = new LineWinograd(outputs, 2);
        int n = (2 * outputs) + 1;
        Outputs = outputs;
        Side = n;
        var inputTransform = new float[n * n];
        var outputTransform = new float[outputs * n];
        _filterTransform = new double[n * 3];
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

            _filterTransform[k * 3] = innerFilter[k * 2];
            _filterTransform[(k * 3) + 2] = innerFilter[(k * 2) + 1];
        }

        for (int t = 0; t < outputs; t++)
        {
            int point = outputs + 1 + t;
            inputTransform[(point * n) + (2 * t) + 1] = 1;
            outputTransform[(t * n) + point] = 1;
            _filterTransform[(point * 3) + 1] = 1;
        }

        InputTransform = inputTransform;
        OutputTransform = outputTransform;
        FilterOfPoint = [.. Enumerable.Range(0, n * n).Select(FilterOf)];
        InputCombination = new LineCombination(inputTransform, n);
        OutputCombination = new LineCombination(outputTransform, outputs);
    }

    /// <summary>m: outputs along each side of a tile.</summary>
    public int Outputs { get; }

    /// <summary>n = 2m + 1: inputs along each side of a tile's patch, and points along each side of the transformed tile.</summary>
    public int Side { get; }

    /// <summary>Points of the transformed tile, n², one matrix product each.</summary>
    public int Points => Side * Side;

    /// <summary>Filter matrices U that differ: (m + 2)², as the odd points of an axis share one filter value.</summary>
    public int DistinctFilters => (Outputs + 2) * (Outputs + 2);

    /// <summary><see cref="FilterOf"/> of every point, for <see cref="WinogradSteps.MultiplyPoints"/>.</summary>
    public int[] FilterOfPoint { get; }

    /// <summary>B^T, [n, n] row-major.</summary>
    public float[] InputTransform { get; }

    /// <summary>A^T, [m, n] row-major.</summary>
    public float[] OutputTransform { get; }

    /// <summary>B^T as a combination of lines.</summary>
    public LineCombination InputCombination { get; }

    /// <summary>A^T as a combination of lines.</summary>
    public LineCombination OutputCombination { get; }

    /// <summary>Whether <paramref name="spec"/> is a 3x3 stride-2 convolution.</summary>
    public static bool Applies(ConvSpec spec) => spec.Stride == 2 && spec.KernelH == 3 && spec.KernelW == 3;

    /// <summary>The transforms for tiles of <paramref name="outputs"/> x <paramref name="outputs"/> (2, 3 or 4).</summary>
    public static StrideTwoWinograd For(int outputs) =>
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
        foreach (StrideTwoWinograd transform in s_known)
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

    /// <summary>Which of the <see cref="DistinctFilters"/> matrices point k (row-major over the n x n points) multiplies by.</summary>
    public int FilterOf(int point)
    {
        int row = Math.Min(point / Side, Outputs + 1);
        int column = Math.Min(point % Side, Outputs + 1);
        return (row * (Outputs + 2)) + column;
    }

    /// <summary>
    /// <c>U = G g G^T</c> of every (output, input) channel pair, in float64 and rounded once: filter f (see
    /// <see cref="FilterOf"/>) is the matrix [InChannels, OutChannels] at <c>f * InChannels * OutChannels</c>
    /// (transposed, read in place as a transposed A operand).
    /// </summary>
    /// <param name="spec">A 3x3 stride-2 convolution.</param>
    /// <param name="weight">[O, C, 3, 3] weights.</param>
    public float[] TransformWeights(ConvSpec spec, ReadOnlySpan<float> weight)
    {
        if (!Applies(spec))
        {
            throw new ArgumentException($"{spec.Prefix}: the stride-2 Winograd transform needs a 3x3 stride-2 kernel, not {spec.KernelH}x{spec.KernelW} stride {spec.Stride}.", nameof(spec));
        }

        int outChannels = spec.OutChannels;
        int inChannels = spec.InChannels;
        int distinct = Outputs + 2;
        var result = new float[DistinctFilters * inChannels * outChannels];
        var half = new double[distinct, 3];
        for (int o = 0; o < outChannels; o++)
        {
            for (int c = 0; c < inChannels; c++)
            {
                ReadOnlySpan<float> kernel = weight.Slice(((o * inChannels) + c) * 9, 9);
                for (int i = 0; i < distinct; i++)
                {
                    for (int b = 0; b < 3; b++)
                    {
                        double sum = 0;
                        for (int a = 0; a < 3; a++)
                        {
                            sum += _filterTransform[(i * 3) + a] * kernel[(a * 3) + b];
                        }

                        half[i, b] = sum;
                    }
                }

                for (int i = 0; i < distinct; i++)
                {
                    for (int j = 0; j < distinct; j++)
                    {
                        double u = 0;
                        for (int b = 0; b < 3; b++)
                        {
                            u += half[i, b] * _filterTransform[(j * 3) + b];
                        }

                        result[(((i * distinct) + j) * inChannels * outChannels) + (c * outChannels) + o] = (float)u;
                    }
                }
            }
        }

        return result;
    }
}
