using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Fid.Inception;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// Times one convolution shape by im2col and by the path <see cref="InceptionWorkspace.Conv"/> picks for it, on one
/// thread, with random weights (BN folded, unit variance) and random inputs; the per-layer comparisons of
/// <c>inception-conv</c> and <c>inception-line</c>. Each time is the best of the repeats: the machine is shared,
/// and the best run is the one least disturbed.
/// </summary>
internal sealed class ConvPathTiming(int repeat)
{
    private readonly Random _random = new(1);
    private double _totalIm2Col;
    private double _totalFast;

    /// <summary>Total im2col time over total time of the chosen paths, over every shape so far.</summary>
    public double Speedup => _totalIm2Col / _totalFast;

    /// <summary>Times <paramref name="spec"/> on <paramref name="images"/> images of <paramref name="side"/> x <paramref name="side"/> and prints one line, starting with <paramref name="label"/>.</summary>
    public void Compare(string label, ConvSpec spec, int side, int images)
    {
        int inChannels = spec.InChannels;
        int outChannels = spec.OutChannels;
        FoldedConv conv = FoldedConv.Fold(
            spec, Values(outChannels * spec.PatchSize, 0.1f), Values(outChannels, 1f),
            Values(outChannels, 0.1f), new float[outChannels], [.. Enumerable.Repeat(1f, outChannels)]);
        int outH = spec.OutHeight(side);
        int outW = spec.OutWidth(side);
        var input = new Activation(Values(inChannels * images * side * side, 1f), 0, inChannels, images, side, side);
        var output = new Activation(new float[outChannels * images * outH * outW], 0, outChannels, images, outH, outW);
        var workspace = new InceptionWorkspace();
        double im2col = Best(() => workspace.Im2ColConv(conv, input, output));
        double fast = Best(() => workspace.Conv(conv, input, output));
        _totalIm2Col += im2col;
        _totalFast += fast;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{label} {side,3}x{side,-3} x{images,-3} im2col {im2col,8:F3} ms  winograd {fast,8:F3} ms  x{im2col / fast:F2}"));
    }

    private double Best(Action run)
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

    private float[] Values(int count, float scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = scale * ((2 * _random.NextSingle()) - 1);
        }

        return values;
    }
}
