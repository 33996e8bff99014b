namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// A square Winograd algorithm built from one axis: m outputs of an r-tap filter along an axis are
/// <c>y = A^T [(G g) ∘ (B^T d)]</c> over n points, d being n inputs that start every <see cref="Step"/> inputs
/// from one tile to the next; the m x m tile is the outer product of the axis with itself,
/// <c>Y = A^T [(G g G^T) ∘ (B^T d B)] A</c> over n² points, each a matrix product [O, C] x [C, tiles]
/// (<see cref="SeparableWinogradConv"/>). Two kinds are built: the stride-2 3x3 transforms
/// (<see cref="StrideTwoWinograd"/>) and the stride-1 F(m x m, r x r) of <see cref="LineWinograd"/>'s F(m, r).
/// Axis points whose rows of G are equal share one filter value, so only <see cref="DistinctFilters"/> matrices U are kept.
/// </summary>
internal sealed class SeparableWinograd
{
    private static readonly SeparableWinograd[] s_fiveByFive = [Square(new LineWinograd(3, 5)), Square(new LineWinograd(4, 5))];

    private readonly double[] _filterTransform;
    private readonly int[] _filterRowOf;
    private readonly int _distinctRows;

    /// <summary>The algorithm of one axis.</summary>
    /// <param name="outputs">m.</param>
    /// <param name="taps">r.</param>
    /// <param name="step">Input columns from one tile to the next: m times the stride.</param>
    /// <param name="inputTransform">B^T, [n, n] row-major.</param>
    /// <param name="outputTransform">A^T, [m, n] row-major.</param>
    /// <param name="filterTransform">G, [n, r] row-major, in float64.</param>
    public SeparableWinograd(int outputs, int taps, int step, float[] inputTransform, float[] outputTransform, double[] filterTransform)
    {
        int n = filterTransform.Length / taps;
        if (inputTransform.Length != n * n || outputTransform.Length != outputs * n)
        {
            throw new ArgumentException($"Transforms of {n} points for {outputs} outputs of {taps} taps do not fit B^T {inputTransform.Length} and A^T {outputTransform.Length}.", nameof(inputTransform));
        }

        Outputs = outputs;
        Taps = taps;
        Step = step;
        Side = n;
        InputTransform = inputTransform;
        OutputTransform = outputTransform;
        _filterTransform = filterTransform;
        InputCombination = new LineCombination(inputTransform, n);
        OutputCombination = new LineCombination(outputTransform, outputs);

        // Each axis point's G row: the first earlier point with the same row, or a new one.
        _filterRowOf = new int[n];
        var distinct = new List<int>();
        for (int k = 0; k < n; k++)
        {
            int same = distinct.FindIndex(d => filterTransform.AsSpan(d * taps, taps).SequenceEqual(filterTransform.AsSpan(k * taps, taps)));
            if (same < 0)
            {
                same = distinct.Count;
                distinct.Add(k);
            }

            _filterRowOf[k] = same;
        }

        _distinctRows = distinct.Count;
        RepresentativePoints = [.. distinct];
        FilterOfPoint = [.. Enumerable.Range(0, n * n).Select(FilterOf)];
    }

    /// <summary>m: outputs along each side of a tile.</summary>
    public int Outputs { get; }

    /// <summary>r: taps along each side of the filter.</summary>
    public int Taps { get; }

    /// <summary>Input columns (and rows) from one tile to the next.</summary>
    public int Step { get; }

    /// <summary>n: inputs along each side of a tile's patch, and points along each side of the transformed tile.</summary>
    public int Side { get; }

    /// <summary>Points of the transformed tile, n², one matrix product each.</summary>
    public int Points => Side * Side;

    /// <summary>Filter matrices U that differ.</summary>
    public int DistinctFilters => _distinctRows * _distinctRows;

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

    private int[] RepresentativePoints { get; }

    /// <summary>
    /// F(m x m, 5x5) for m of 3 or 4: 49 or 64 products per tile, 5.4 or 4 per output where F(2x2, 5x5) takes 9.
    /// Measured with <c>inception-conv</c> on the 2-core AVX2 host, Mixed_5b.branch5x5_2 ran 1.5x the im2col speed
    /// by F(2x2, 5x5), 2.2x by F(3x3, 5x5) and 2.2-2.4x by F(4x4, 5x5).
    /// </summary>
    public static SeparableWinograd FiveByFive(int outputs) =>
        outputs is 3 or 4 ? s_fiveByFive[outputs - 3]
        : throw new ArgumentOutOfRangeException(nameof(outputs), $"No separable 5x5 Winograd transform for {outputs} x {outputs} tiles (3 or 4).");

    /// <summary>F(m x m, r x r) for stride-1 r x r convolutions, from <paramref name="line"/>'s F(m, r).</summary>
    public static SeparableWinograd Square(LineWinograd line) =>
        new(line.Outputs, line.Taps, line.Outputs, line.InputTransform, line.OutputTransform, line.FilterTransform.ToArray());

    /// <summary>Which of the <see cref="DistinctFilters"/> matrices point k (row-major over the n x n points) multiplies by.</summary>
    public int FilterOf(int point) => (_filterRowOf[point / Side] * _distinctRows) + _filterRowOf[point % Side];

    /// <summary>
    /// <c>U = G g G^T</c> of every (output, input) channel pair, in float64 and rounded once: filter f (see
    /// <see cref="FilterOf"/>) is the matrix [InChannels, OutChannels] at <c>f * InChannels * OutChannels</c>
    /// (transposed, read in place as a transposed A operand).
    /// </summary>
    /// <param name="spec">An r x r convolution.</param>
    /// <param name="weight">[O, C, r, r] weights.</param>
    public float[] TransformWeights(ConvSpec spec, ReadOnlySpan<float> weight)
    {
        int r = Taps;
        if (spec.KernelH != r || spec.KernelW != r || spec.Stride * Outputs != Step)
        {
            throw new ArgumentException($"{spec.Prefix}: {spec.KernelH}x{spec.KernelW} stride {spec.Stride} does not fit this {r}x{r} Winograd transform (tiles {Step / Outputs} x {Outputs} inputs apart).", nameof(spec));
        }

        int outChannels = spec.OutChannels;
        int inChannels = spec.InChannels;
        int distinct = _distinctRows;
        var result = new float[DistinctFilters * inChannels * outChannels];
        var half = new double[distinct, r];
        for (int o = 0; o < outChannels; o++)
        {
            for (int c = 0; c < inChannels; c++)
            {
                ReadOnlySpan<float> kernel = weight.Slice(((o * inChannels) + c) * r * r, r * r);
                for (int i = 0; i < distinct; i++)
                {
                    int row = RepresentativePoints[i] * r;
                    for (int b = 0; b < r; b++)
                    {
                        double sum = 0;
                        for (int a = 0; a < r; a++)
                        {
                            sum += _filterTransform[row + a] * kernel[(a * r) + b];
                        }

                        half[i, b] = sum;
                    }
                }

                for (int i = 0; i < distinct; i++)
                {
                    for (int j = 0; j < distinct; j++)
                    {
                        int column = RepresentativePoints[j] * r;
                        double u = 0;
                        for (int b = 0; b < r; b++)
                        {
                            u += half[i, b] * _filterTransform[column + b];
                        }

                        result[(((i * distinct) + j) * inChannels * outChannels) + (c * outChannels) + o] = (float)u;
                    }
                }
            }
        }

        return result;
    }
}
