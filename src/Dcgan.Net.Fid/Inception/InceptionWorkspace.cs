using System.Numerics;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// The scratch of one worker running the network on a sub-batch: the stem's per-image buffers, the two stage
/// buffers the blocks alternate between, the branch temporaries and the im2col tile. Buffers grow to the largest
/// size seen and are then reused, so a steady-state sub-batch allocates nothing large. Not thread-safe: one
/// worker at a time.
/// </summary>
internal sealed class InceptionWorkspace
{
    /// <summary>
    /// Target size of an im2col tile in floats (512 KB): the tile is written and at once read back by the product,
    /// so it should stay in the core's L2 cache (1 MB here). Measured on the benchmark: 8% more images per CPU
    /// second than 4 MB tiles.
    /// </summary>
    private const int ColumnBudget = 1 << 17;

    /// <summary>Fewest columns per product, so that each pass over the weights serves enough output positions.</summary>
    private const int MinTileColumns = 288;

    /// <summary>
    /// Tiles are whole multiples of the widest micro-kernel panel (48 columns of the AVX-512 kernel, also a multiple
    /// of the narrower ones), so only a product's last panel is ragged: 3% more images per CPU second than 256.
    /// </summary>
    private const int TileStep = 48;

    /// <summary>
    /// Fewest input channels for the stride-2 Winograd path: each of its products is [O, C] x [C, tiles], and the
    /// stem's first convolution (3 channels) spends its time in the transforms, not the products.
    /// </summary>
    private const int MinStrideTwoChannels = 16;

    private float[] _columns = [];
    private float[] _stemA = [];
    private float[] _stemB = [];
    private float[] _stageA = [];
    private float[] _stageB = [];
    private float[] _temp = [];
    private float[] _pixels = [];
    private WinogradScratch[] _winograd = [];

    /// <summary>Whether matrix products may use several threads (true when this is the only worker).</summary>
    public bool ParallelGemm { get; set; }

    /// <summary>
    /// Tile side of the 3x3 stride-1 Winograd path: 2 (F(2x2, 3x3)), 4 (F(4x4, 3x3)), or 0 for the instruction
    /// set's choice (<see cref="WinogradConv.TileFor"/>). Tests set it to cover both. (The 5x5 convolutions take
    /// F(2x2, 5x5) wherever <see cref="WinogradConv.UsesSixPoints"/>.)
    /// </summary>
    internal int WinogradTile { get; set; }

    /// <summary>
    /// Tile side of the 5x5 stride-1 Winograd path wherever <see cref="WinogradConv.UsesSixPoints"/>: 2 (the six-point
    /// F(2x2, 5x5)), 3 or 4 (F(m x m, 5x5) of <see cref="SeparableWinograd.FiveByFive"/>), or 0 for 4. Tests set it to cover each.
    /// </summary>
    internal int FiveByFiveTile { get; set; }

    /// <summary>
    /// Tile side of the 3x3 stride-2 Winograd path (<see cref="StrideTwoWinograd"/>): 2, 3 or 4, -1 for im2col,
    /// or 0 for the choice by output size (<see cref="StrideTwoWinograd.TileFor"/>) wherever
    /// <see cref="WinogradConv.UsesSixPoints"/>. Tests set it to cover every tile side.
    /// </summary>
    internal int StrideTwoTile { get; set; }

    /// <summary>Per-image stem buffers of at least <paramref name="length"/> floats each.</summary>
    public (float[] A, float[] B) Stem(int length) => (Grow(ref _stemA, length), Grow(ref _stemB, length));

    /// <summary>The two stage buffers of at least <paramref name="length"/> floats each.</summary>
    public (float[] A, float[] B) Stages(int length) => (Grow(ref _stageA, length), Grow(ref _stageB, length));

    /// <summary>Branch temporaries of at least <paramref name="length"/> floats.</summary>
    public float[] Temp(int length) => Grow(ref _temp, length);

    /// <summary>A buffer for an image's RGB planes before resizing, at least <paramref name="length"/> floats.</summary>
    public float[] Pixels(int length) => Grow(ref _pixels, length);

    /// <summary>
    /// <c>output = relu(conv(input) + bias)</c> for channels [<paramref name="activateFrom"/>, O) of the output, and
    /// the bare convolution (no bias, no ReLU) for the channels before: those are pooled before their bias is added.
    /// Output columns are processed in tiles (one im2col tile, one product, then the bias and ReLU while the tile
    /// is still in cache); each output value comes from the same arithmetic whatever the tiling. 3x3 stride-1
    /// convolutions go through <see cref="WinogradConv"/> instead (2.25x or 4x fewer multiplications).
    /// </summary>
    public void Conv(FoldedConv conv, in Activation input, in Activation output, int activateFrom = 0)
    {
        ConvSpec spec = conv.Spec;
        if (output.Channels != spec.OutChannels || input.Channels != spec.InChannels || output.Images != input.Images
            || output.Height != spec.OutHeight(input.Height) || output.Width != spec.OutWidth(input.Width))
        {
            throw new InvalidOperationException($"{spec.Prefix}: activations {input} -> {output} do not fit the layer.");
        }

        if (WinogradF2x2.Applies(spec))
        {
            int tile = WinogradTile != 0 ? WinogradTile : WinogradConv.TileFor(CpuFeatures.Current);
            WinogradConv.Run(conv, input, output, activateFrom, WinogradScratches(), ParallelGemm, tile);
        }
        else if (conv.HasSixPointWinograd && WinogradConv.UsesSixPoints(CpuFeatures.Current) && FiveByFiveTile != 2)
        {
            // The 5x5 convolutions: F(4x4, 5x5) (or F(3x3, 5x5) when a test asks).
            SeparableWinogradConv.Run(conv, input, output, activateFrom, WinogradScratches(), ParallelGemm, SeparableWinograd.FiveByFive(FiveByFiveTile == 0 ? 4 : FiveByFiveTile));
        }
        else if (conv.HasSixPointWinograd && WinogradConv.UsesSixPoints(CpuFeatures.Current))
        {
            // The 5x5 convolutions by F(2x2, 5x5), when a test asks.
            WinogradConv.Run(conv, input, output, activateFrom, WinogradScratches(), ParallelGemm, tile: 2);
        }
        else if (StrideTwoTileFor(spec, output) is int strideTwoTile and > 0)
        {
            SeparableWinogradConv.Run(conv, input, output, activateFrom, WinogradScratches(), ParallelGemm, StrideTwoWinograd.For(strideTwoTile));
        }
        else if (conv.LineWinogradWeight is not null && LineWinogradConv.Fits(spec, input))
        {
            LineWinogradConv.Run(conv, input, output, activateFrom, WinogradScratches(), ParallelGemm);
        }
        else
        {
            Im2ColConv(conv, input, output, activateFrom);
        }
    }

    /// <summary>
    /// <see cref="Conv"/> by im2col tiles and matrix products, whatever the kind of convolution (the path of every
    /// convolution that is not 3x3 stride 1; tests compare the Winograd path with it).
    /// </summary>
    internal void Im2ColConv(FoldedConv conv, in Activation input, in Activation output, int activateFrom = 0)
    {
        ConvSpec spec = conv.Spec;
        int columns = output.RowLength;
        int patch = spec.PatchSize;
        int rows = spec.OutChannels;
        int tile = Math.Min(columns, Math.Max(MinTileColumns, ColumnBudget / patch / TileStep * TileStep));
        SgemmPackedA weight = conv.PackedWeight(CpuFeatures.Current);
        for (int j0 = 0; j0 < columns; j0 += tile)
        {
            int n = Math.Min(tile, columns - j0);
            ReadOnlySpan<float> b;
            int ldb;
            if (spec.IsPointwise)
            {
                b = input.Span[j0..];
                ldb = input.RowLength;
            }
            else
            {
                Span<float> col = Grow(ref _columns, patch * n).AsSpan(0, patch * n);
                ChannelMajorIm2Col.Expand(input, spec, j0, j0 + n, col);
                b = col;
                ldb = n;
            }

            Span<float> c = output.Buffer.AsSpan(output.Offset + j0, ((rows - 1) * columns) + n);

            // [O, n] = W' [O, C*KH*KW] x col [C*KH*KW, n]
            Sgemm.Multiply(weight, false, n, b, ldb, c, columns, false, ParallelGemm);
            for (int o = activateFrom; o < rows; o++)
            {
                BiasRelu(c.Slice(o * columns, n), conv.Bias[o]);
            }
        }
    }

    /// <summary>relu(x + bias) over every channel of <paramref name="activation"/>, with <paramref name="bias"/>[c] per channel.</summary>
    public static void BiasRelu(in Activation activation, ReadOnlySpan<float> bias)
    {
        Span<float> values = activation.Span;
        for (int c = 0; c < activation.Channels; c++)
        {
            BiasRelu(values.Slice(c * activation.RowLength, activation.RowLength), bias[c]);
        }
    }

    /// <summary>features[b * stride + c] = mean of plane (c, b), summed in float64.</summary>
    public static void PlaneMeans(in Activation activation, Span<float> features, int stride)
    {
        ReadOnlySpan<float> values = activation.Span;
        int plane = activation.Plane;
        for (int c = 0; c < activation.Channels; c++)
        {
            for (int b = 0; b < activation.Images; b++)
            {
                ReadOnlySpan<float> p = values.Slice((c * activation.RowLength) + (b * plane), plane);
                double sum = 0;
                foreach (float v in p)
                {
                    sum += v;
                }

                features[(b * stride) + c] = (float)(sum / plane);
            }
        }
    }

    private static void BiasRelu(Span<float> row, float bias)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vb = new Vector<float>(bias);
            for (; i <= row.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Max(new Vector<float>(row[i..]) + vb, Vector<float>.Zero).CopyTo(row[i..]);
            }
        }

        for (; i < row.Length; i++)
        {
            row[i] = MathF.Max(row[i] + bias, 0f);
        }
    }

    /// <summary>The stride-2 Winograd tile side for <paramref name="spec"/>, or 0 to take im2col.</summary>
    private int StrideTwoTileFor(ConvSpec spec, in Activation output)
    {
        if (!StrideTwoWinograd.Applies(spec) || StrideTwoTile < 0)
        {
            return 0;
        }

        if (StrideTwoTile > 0)
        {
            return StrideTwoTile;
        }

        return WinogradConv.UsesSixPoints(CpuFeatures.Current) && spec.InChannels >= MinStrideTwoChannels ? StrideTwoWinograd.TileFor(output.Height, output.Width) : 0;
    }

    /// <summary>Winograd scratch: one per thread when products may be parallel, else one.</summary>
    private WinogradScratch[] WinogradScratches()
    {
        int wanted = ParallelGemm ? Math.Max(1, EngineSettings.ThreadCount) : 1;
        if (_winograd.Length < wanted)
        {
            int old = _winograd.Length;
            Array.Resize(ref _winograd, wanted);
            for (int i = old; i < wanted; i++)
            {
                _winograd[i] = new WinogradScratch();
            }
        }

        return _winograd;
    }

    private static float[] Grow(ref float[] array, int length)
    {
        if (array.Length < length)
        {
            array = GC.AllocateUninitializedArray<float>(length);
        }

        return array;
    }
}
