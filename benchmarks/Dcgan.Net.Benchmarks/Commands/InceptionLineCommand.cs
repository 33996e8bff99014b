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
        var timing = new ConvPathTiming(arguments.Int("repeat", 20));
        int images = arguments.Int("images", 12);
        foreach ((string name, int inChannels, int outChannels, int side, int kernelH, int kernelW) in Shapes)
        {
            var spec = new ConvSpec(name, inChannels, outChannels, kernelH, kernelW, 1, kernelH / 2, kernelW / 2);
            timing.Compare($"{name,-24} {inChannels,4}->{outChannels,-4} {kernelH}x{kernelW}", spec, side, images);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line_winograd_speedup {timing.Speedup:F3}"));
        return 0;
    }
}
