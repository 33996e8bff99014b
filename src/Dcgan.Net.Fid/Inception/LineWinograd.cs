namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// One-dimensional Winograd minimal filtering F(m, r) (the Toom-Cook construction of Lavin and Gray, "Fast
/// Algorithms for Convolutional Neural Networks", 2015), for the 1 x r and r x 1 convolutions: m outputs of an
/// r-tap filter g over m + r - 1 inputs d are <c>y = A^T [(G g) ∘ (B^T d)]</c>, with α = m + r - 1 points
/// instead of the m r multiplications of the direct form. The matrices come from α - 1 finite interpolation
/// points p_k and the point at infinity:
/// <list type="bullet">
/// <item><c>A^T[i, k] = p_k^i</c>, and the last column is 1 in the last row only;</item>
/// <item><c>G[k, j] = p_k^j / f_k</c> with <c>f_k = Π_{l≠k} (p_k - p_l)</c>, and the last row is 1 in the last column only;</item>
/// <item>row k of B^T holds the coefficients (lowest power first) of <c>Π_{l≠k} (x - p_l)</c>, and its last row those of <c>Π_l (x - p_l)</c>.</item>
/// </list>
/// The points are taken in the usual order of small magnitudes (0, ±1, ±2, ±½, ±3, ...), which keeps the float32
/// rounding of the transforms small. Summed over the input channels, each point is a matrix product [O, C] x
/// [C, tiles] (<see cref="LineWinogradConv"/>).
/// </summary>
internal sealed class LineWinograd
{
    private static readonly double[] s_points = [0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 0.25, -0.25];

    /// <summary>
    /// F(6, 7) for the 1x7 and 7x1 convolutions of the C blocks: 12 products for 42 multiplications, and a 17-long
    /// line is three tiles (F(3, 7), 9 for 21, was 1.3x slower on AVX2 with 4x less rounding error).
    /// </summary>
    private static readonly LineWinograd s_sevenTaps = new(6, 7);

    /// <summary>F(4, 3) for the 1x3 and 3x1 convolutions of the E blocks: 6 products for 12 multiplications.</summary>
    private static readonly LineWinograd s_threeTaps = new(4, 3);

    private readonly double[] _filterTransform;

    /// <summary>Builds the transforms of F(<paramref name="outputs"/>, <paramref name="taps"/>).</summary>
    /// <param name="outputs">m, outputs per tile (1 or more).</param>
    /// <param name="taps">r, the filter length (1 or more).</param>
    public LineWinograd(int outputs, int taps)
    {
        int points = outputs + taps - 1;
        if (outputs < 1 || taps < 1 || points > s_points.Length + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputs), $"F({outputs}, {taps}) needs {points} points; at most {s_points.Length + 1} are known.");
        }

        Outputs = outputs;
        Taps = taps;
        Points = points;
        ReadOnlySpan<double> p = s_points.AsSpan(0, points - 1);
        var outputTransform = new float[outputs * points];
        _filterTransform = new double[points * taps];
        var inputTransform = new float[points * points];
        for (int k = 0; k < points - 1; k++)
        {
            double f = 1;
            for (int l = 0; l < p.Length; l++)
            {
                f *= l == k ? 1 : p[k] - p[l];
            }

            for (int i = 0; i < outputs; i++)
            {
                outputTransform[(i * points) + k] = (float)Math.Pow(p[k], i);
            }

            for (int j = 0; j < taps; j++)
            {
                _filterTransform[(k * taps) + j] = Math.Pow(p[k], j) / f;
            }

            double[] row = Product(p, skip: k);
            for (int i = 0; i < row.Length; i++)
            {
                inputTransform[(k * points) + i] = (float)row[i];
            }
        }

        outputTransform[(outputs * points) - 1] = 1;
        _filterTransform[(points * taps) - 1] = 1;
        double[] last = Product(p, skip: -1);
        for (int i = 0; i < last.Length; i++)
        {
            inputTransform[((points - 1) * points) + i] = (float)last[i];
        }

        OutputTransform = outputTransform;
        InputTransform = inputTransform;
        InputCombination = new LineCombination(inputTransform, points);
        OutputCombination = new LineCombination(outputTransform, outputs);
    }

    /// <summary>m: outputs per tile.</summary>
    public int Outputs { get; }

    /// <summary>r: taps of the filter.</summary>
    public int Taps { get; }

    /// <summary>α = m + r - 1: inputs per tile, and the number of matrix products.</summary>
    public int Points { get; }

    /// <summary>B^T, [α, α] row-major: point k of a tile is <c>Σ_i B^T[k, i] d_i</c>. Its entries are small dyadic or integer values, exact in float32.</summary>
    public float[] InputTransform { get; }

    /// <summary>A^T, [m, α] row-major: output i of a tile is <c>Σ_k A^T[i, k] M_k</c>.</summary>
    public float[] OutputTransform { get; }

    /// <summary>B^T as a combination of lines: input lines to the α points.</summary>
    public LineCombination InputCombination { get; }

    /// <summary>A^T as a combination of lines: the α products to the m output lines.</summary>
    public LineCombination OutputCombination { get; }

    /// <summary>G, [α, r] row-major, in float64: point k of a filter is <c>Σ_j G[k, j] g_j</c>.</summary>
    public ReadOnlySpan<double> FilterTransform => _filterTransform;

    /// <summary>Whether <paramref name="spec"/> is a stride-1 1 x r or r x 1 convolution (r of 3 or 7) padded to keep its size.</summary>
    public static bool Applies(ConvSpec spec) => spec.Stride == 1 && ((spec.KernelH == 1 && spec.PadH == 0 && Known(spec.KernelW, spec.PadW))
        || (spec.KernelW == 1 && spec.PadW == 0 && Known(spec.KernelH, spec.PadH)));

    /// <summary>The transforms used for a filter of <paramref name="taps"/> taps (7 or 3).</summary>
    public static LineWinograd For(int taps) => taps switch
    {
        7 => s_sevenTaps,
        3 => s_threeTaps,
        _ => throw new ArgumentOutOfRangeException(nameof(taps), $"No line Winograd transform for {taps} taps."),
    };

    /// <summary>
    /// <c>U = G g</c> of every (output, input) channel pair, in float64 and rounded once: point k is the matrix
    /// [InChannels, OutChannels] at <c>k * InChannels * OutChannels</c> (transposed, so that the products read it
    /// in place as a transposed A operand).
    /// </summary>
    /// <param name="spec">A convolution this transform <see cref="Applies"/> to, of <see cref="Taps"/> taps.</param>
    /// <param name="weight">[O, C, KH, KW] weights (one of KH, KW is 1).</param>
    public float[] TransformWeights(ConvSpec spec, ReadOnlySpan<float> weight)
    {
        int outChannels = spec.OutChannels;
        int inChannels = spec.InChannels;
        if (spec.KernelH * spec.KernelW != Taps || weight.Length != outChannels * inChannels * Taps)
        {
            throw new ArgumentException($"{spec.Prefix}: {spec.KernelH}x{spec.KernelW} weights do not fit F({Outputs}, {Taps}).", nameof(weight));
        }

        var result = new float[Points * inChannels * outChannels];
        for (int o = 0; o < outChannels; o++)
        {
            for (int c = 0; c < inChannels; c++)
            {
                ReadOnlySpan<float> g = weight.Slice(((o * inChannels) + c) * Taps, Taps);
                for (int k = 0; k < Points; k++)
                {
                    double u = 0;
                    for (int j = 0; j < Taps; j++)
                    {
                        u += _filterTransform[(k * Taps) + j] * g[j];
                    }

                    result[(((k * inChannels) + c) * outChannels) + o] = (float)u;
                }
            }
        }

        return result;
    }

    private static bool Known(int taps, int pad) => taps is 3 or 7 && pad == taps / 2;

    /// <summary>Coefficients, lowest power first, of <c>Π (x - p_l)</c> over every l but <paramref name="skip"/>, padded to p.Length + 1 values.</summary>
    private static double[] Product(ReadOnlySpan<double> p, int skip)
    {
        var coefficients = new double[p.Length + 1];
        coefficients[0] = 1;
        int degree = 0;
        for (int l = 0; l < p.Length; l++)
        {
            if (l == skip)
            {
                continue;
            }

            // (c_0 + c_1 x + ...) (x - p_l)
            degree++;
            for (int i = degree; i > 0; i--)
            {
                coefficients[i] = coefficients[i - 1] - (p[l] * coefficients[i]);
            }

            coefficients[0] *= -p[l];
        }

        return coefficients;
    }
}
