using System.Globalization;
using Dcgan.Net.Fid.Inception;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// <c>inception-conv [--repeat 20] [--only NAME]</c>: times the network's 3x3 and 5x5 stride-1 and 3x3 stride-2 convolution shapes on one
/// thread, by im2col tiles and products and by the Winograd path the instruction set takes (F(2x2, 3x3) on AVX-512,
/// else F(4x4, 3x3), F(2x2, 5x5) and the stride-2 transforms), on random weights and inputs (the sub-batch sizes of a
/// 2-worker run: one image for the stem, 12 for the blocks). Prints per shape the best milliseconds (of --repeat runs: the machine is shared, and the best run is the one least disturbed) of each
/// path and the ratio, and last <c>winograd_speedup X</c> (total im2col time over total Winograd time). <c>--only</c> keeps the shapes whose name contains NAME.
/// </summary>
internal sealed class InceptionConvCommand : IBenchmarkCommand
{
    // (name, in channels, out channels, kernel, stride, side, padding, images)
    private static readonly (string Name, int In, int Out, int Kernel, int Stride, int Side, int Pad, int Images)[] Shapes =
    [
        ("Conv2d_2a_3x3", 32, 32, 3, 1, 149, 0, 1),
        ("Conv2d_2b_3x3", 32, 64, 3, 1, 147, 1, 1),
        ("Conv2d_4a_3x3", 80, 192, 3, 1, 73, 0, 1),
        ("Mixed_5b.branch5x5_2", 48, 64, 5, 1, 35, 2, 12),
        ("Mixed_5b.branch3x3dbl_2", 64, 96, 3, 1, 35, 1, 12),
        ("Mixed_5b.branch3x3dbl_3", 96, 96, 3, 1, 35, 1, 12),
        ("Mixed_7b.branch3x3dbl_2", 448, 384, 3, 1, 8, 1, 12),
        ("Mixed_6a.branch3x3", 288, 384, 3, 2, 35, 0, 12),
        ("Mixed_6a.branch3x3dbl_3", 96, 96, 3, 2, 35, 0, 12),
        ("Mixed_7a.branch3x3_2", 192, 320, 3, 2, 17, 0, 12),
    ];

    public string Name => "inception-conv";

    public string Description => "Inception 3x3 and 5x5 convolutions, im2col vs Winograd, one thread: --repeat 20, --only NAME; prints `winograd_speedup X`.";

    public int Run(CommandArguments arguments)
    {
        var timing = new ConvPathTiming(arguments.Int("repeat", 20));
        string only = arguments.String("only", "");
        foreach ((string name, int inChannels, int outChannels, int kernel, int stride, int side, int pad, int images) in Shapes)
        {
            if (only.Length > 0 && !name.Contains(only, StringComparison.Ordinal))
            {
                continue;
            }

            timing.Compare($"{name,-26} {inChannels,4}->{outChannels,-4}", ConvSpec.Square(name, inChannels, outChannels, kernel, stride, pad), side, images);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"winograd_speedup {timing.Speedup:F3}"));
        return 0;
    }
}
