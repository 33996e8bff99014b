using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Fid.Inception;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// <c>inception-conv [--repeat 20]</c>: times the network's 3x3 stride-1 convolution shapes on one thread, by
/// im2col tiles and products and by Winograd F(2x2, 3x3), on random weights and inputs (the sub-batch sizes of a
/// 2-worker run: one image for the stem, 12 for the blocks). Prints per shape the best milliseconds (of --repeat runs: the machine is shared, and the best run is the one least disturbed) of each
/// path and the ratio, and last <c>winograd_speedup X</c> (total im2col time over total Winograd time).
/// </summary>
internal sealed class InceptionConvCommand : IBenchmarkCommand
{
    // (name, in channels, out channels, side, padding, images)
    private static readonly (string Name, int In, int Out, int Side, int Pad, int Images)[] Shapes =
    [
        ("Conv2d_2a_3x3", 32, 32, 149, 0, 1),
        ("Conv2d_2b_3x3", 32, 64, 147, 1, 1),
        ("Conv2d_4a_3x3", 80, 192, 73, 0, 1),
        ("Mixed_5b.branch3x3dbl_2", 64, 96, 35, 1, 12),
        ("Mixed_5b.branch3x3dbl_3", 96, 96, 35, 1, 12),
        ("Mixed_7b.branch3x3dbl_2", 448, 384, 8, 1, 12),
    ];

    public string Name => "inception-conv";

    public string Description => "Inception 3x3 convolutions, im2col vs Winograd, one thread: --repeat 20; prints `winograd_speedup X`.";

    public int Run(CommandArguments arguments)
    {
        int repeat = arguments.Int("repeat", 20);
        var random = new Random(1);
        double totalIm2Col = 0, totalWinograd = 0;
        foreach ((string name, int inChannels, int outChannels, int side, int pad, int images) in Shapes)
        {
            var spec = ConvSpec.Square(name, inChannels, outChannels, 3, 1, pad);
            FoldedConv conv = FoldedConv.Fold(
                spec, Values(random, outChannels * spec.PatchSize, 0.1f), Values(random, outChannels, 1f),
                Values(random, outChannels, 0.1f), new float[outChannels], [.. Enumerable.Repeat(1f, outChannels)]);
            int outSide = spec.OutHeight(side);
            var input = new Activation(Values(random, inChannels * images * side * side, 1f), 0, inChannels, images, side, side);
            var output = new Activation(new float[outChannels * images * outSide * outSide], 0, outChannels, images, outSide, outSide);
            var workspace = new InceptionWorkspace();
            double im2col = Best(repeat, () => workspace.Im2ColConv(conv, input, output));
            double winograd = Best(repeat, () => workspace.Conv(conv, input, output));
            totalIm2Col += im2col;
            totalWinograd += winograd;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-26} {inChannels,4}->{outChannels,-4} {side,3}x{side,-3} x{images,-3} im2col {im2col,8:F3} ms  winograd {winograd,8:F3} ms  x{im2col / winograd:F2}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"winograd_speedup {totalIm2Col / totalWinograd:F3}"));
        return 0;
    }

    private static double Best(int repeat, Action run)
    {
        run();
        var times = new double[repeat];
        for (int i = 0; i < repeat; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return times.Min();
    }

    private static float[] Values(Random random, int count, float scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = scale * ((2 * random.NextSingle()) - 1);
        }

        return values;
    }
}
