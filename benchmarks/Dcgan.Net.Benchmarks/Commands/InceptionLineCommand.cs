using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Fid.Inception;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// <c>inception-line [--repeat 20]</c>: times the network's 1 x r and r x 1 convolution shapes on one thread, by
/// im2col tiles and products and by the one-dimensional Winograd path (<see cref="LineWinogradConv"/>), on random
/// weights and inputs (12 images, the blocks' sub-batch of a 2-worker run). Prints per shape the best
/// milliseconds of --repeat runs of each path and the ratio, and last <c>line_winograd_speedup X</c> (total
/// im2col time over total Winograd time).
/// </summary>
internal sealed class InceptionLineCommand : IBenchmarkCommand
{
    // (name, in channels, out channels, side, kernel height, kernel width)
    private static readonly (string Name, int In, int Out, int Side, int KernelH, int KernelW)[] Shapes =
    [
        ("Mixed_6b.branch7x7_2", 128, 128, 17, 1, 7),
        ("Mixed_6b.branch7x7_3", 128, 192, 17, 7, 1),
        ("Mixed_6e.branch7x7_2", 192, 192, 17, 1, 7),
        ("Mixed_6e.branch7x7_3", 192, 192, 17, 7, 1),
        ("Mixed_7b.branch3x3_2a", 384, 384, 8, 1, 3),
        ("Mixed_7b.branch3x3_2b", 384, 384, 8, 3, 1),
    ];

    public string Name => "inception-line";

    public string Description => "Inception 1xr/rx1 convolutions, im2col vs line Winograd, one thread: --repeat 20; prints `line_winograd_speedup X`.";

    public int Run(CommandArguments arguments)
    {
        int repeat = arguments.Int("repeat", 20);
        int images = arguments.Int("images", 12);
        var random = new Random(1);
        double totalIm2Col = 0, totalWinograd = 0;
        foreach ((string name, int inChannels, int outChannels, int side, int kernelH, int kernelW) in Shapes)
        {
            var spec = new ConvSpec(name, inChannels, outChannels, kernelH, kernelW, 1, kernelH / 2, kernelW / 2);
            FoldedConv conv = FoldedConv.Fold(
                spec, Values(random, outChannels * spec.PatchSize, 0.1f), Values(random, outChannels, 1f),
                Values(random, outChannels, 0.1f), new float[outChannels], [.. Enumerable.Repeat(1f, outChannels)]);
            var input = new Activation(Values(random, inChannels * images * side * side, 1f), 0, inChannels, images, side, side);
            var output = new Activation(new float[outChannels * images * side * side], 0, outChannels, images, side, side);
            var workspace = new InceptionWorkspace();
            double im2col = Best(repeat, () => workspace.Im2ColConv(conv, input, output));
            double winograd = Best(repeat, () => workspace.Conv(conv, input, output));
            totalIm2Col += im2col;
            totalWinograd += winograd;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-24} {inChannels,4}->{outChannels,-4} {kernelH}x{kernelW} {side,3}x{side,-3} x{images,-3} im2col {im2col,8:F3} ms  winograd {winograd,8:F3} ms  x{im2col / winograd:F2}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line_winograd_speedup {totalIm2Col / totalWinograd:F3}"));
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
