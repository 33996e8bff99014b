using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tensors.Kernels;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Fid.Inception;

/// <summary>A random folded convolution, its NCHW input, and the reference and workspace results to compare (shared by the Winograd path tests).</summary>
internal sealed record ConvLayer(FoldedConv Conv, float[] Nchw, int Images, int Height, int Width)
{
    /// <summary>Tile side of the stride-2 Winograd path the workspaces take (see <see cref="InceptionWorkspace.StrideTwoTile"/>).</summary>
    public int StrideTwoTile { get; init; }

    /// <summary>Tile side of the 5x5 Winograd path the workspaces take (see <see cref="InceptionWorkspace.FiveByFiveTile"/>).</summary>
    public int FiveByFiveTile { get; init; }

    private ConvSpec Spec => Conv.Spec;

    private int OutH => Spec.OutHeight(Height);

    private int OutW => Spec.OutWidth(Width);

    /// <summary>Sum of |w| |x| per output, channel-major like the outputs.</summary>
    public float[] Scale
    {
        get
        {
            float[] absWeight = [.. Conv.Weight.Select(MathF.Abs)];
            float[] absInput = [.. Nchw.Select(MathF.Abs)];
            var scale = new float[Images * Spec.OutChannels * OutH * OutW];
            Conv2dReference.Forward(absInput, absWeight, scale, Geometry);
            return ToChannelMajor(scale, Images, Spec.OutChannels, OutH * OutW);
        }
    }

    private Conv2dGeometry Geometry => new(Images, Spec.InChannels, Height, Width, Spec.OutChannels, Spec.KernelH, Spec.KernelW, Spec.Stride, Spec.Stride, Spec.PadH, Spec.PadW);

    /// <summary>A random 3x3 stride-1 convolution with <paramref name="padding"/> on every side.</summary>
    public static ConvLayer Square(int channels, int outChannels, int images, int height, int width, int padding) =>
        Create(ConvSpec.Square("test", channels, outChannels, 3, 1, padding), images, height, width);

    /// <summary>A random convolution of <paramref name="spec"/> (BN folded with unit scale) on random input.</summary>
    public static ConvLayer Create(ConvSpec spec, int images, int height, int width)
    {
        int channels = spec.InChannels;
        int outChannels = spec.OutChannels;
        float[] weight = KernelTestData.Random(outChannels * spec.PatchSize, channels + outChannels);
        float[] beta = KernelTestData.Random(outChannels, 2);
        FoldedConv conv = FoldedConv.Fold(spec, weight, [.. Enumerable.Repeat(1f, outChannels)], beta, new float[outChannels], [.. Enumerable.Repeat(1f - 1e-3f, outChannels)]);
        return new ConvLayer(conv, KernelTestData.Random(images * channels * height * width, height + width), images, height, width);
    }

    /// <summary>
    /// On every instruction set, the workspace's convolution (whatever path it takes) is within
    /// <paramref name="rtol"/> times <see cref="Scale"/> (plus 1e-6) of the reference and of the im2col path.
    /// </summary>
    /// <param name="activateFrom">First output channel with bias and ReLU.</param>
    /// <param name="rtol">Bound relative to <see cref="Scale"/>.</param>
    /// <param name="label">For messages.</param>
    /// <param name="winogradTile">Tile side of the 3x3 Winograd path (0: the instruction set's choice).</param>
    public void AssertMatchesReferenceAndIm2Col(int activateFrom, double rtol, string label, int winogradTile = 0)
    {
        float[] expected = Reference(activateFrom);
        foreach (KernelIsa isa in CpuFeatures.Supported)
        {
            using IDisposable scope = CpuFeatures.Force(isa);
            float[] fast = Run(Workspace(winogradTile), activateFrom, im2col: false);
            float[] im2col = Run(new InceptionWorkspace(), activateFrom, im2col: true);
            KernelTestData.AssertClose(expected, fast, Scale, rtol, 1e-6, $"{isa} {label} vs reference");
            KernelTestData.AssertClose(im2col, fast, Scale, rtol, 1e-6, $"{isa} {label} vs im2col");
        }
    }

    /// <summary>
    /// The workspace's convolution gives the same bits on one thread and on two (products in parallel), and for
    /// each image run on its own (other chunk boundaries) as within the batch.
    /// </summary>
    public void AssertSameBitsForEveryBatchSplitAndThreadCount(int activateFrom, int winogradTile = 0)
    {
        float[] serial = WithThreads(1, () => Run(Workspace(winogradTile), activateFrom, im2col: false));
        float[] parallel = WithThreads(2, () => Run(Workspace(winogradTile, parallel: true), activateFrom, im2col: false));
        KernelTestData.AssertBitIdentical(serial, parallel, "two threads");
        int perImage = OutH * OutW;
        for (int b = 0; b < Images; b++)
        {
            float[] alone = Image(b).Run(Workspace(winogradTile), activateFrom, im2col: false);
            for (int o = 0; o < Spec.OutChannels; o++)
            {
                KernelTestData.AssertBitIdentical(
                    serial.AsSpan(((o * Images) + b) * perImage, perImage), alone.AsSpan(o * perImage, perImage), $"image {b} channel {o}");
            }
        }
    }

    /// <summary>Image <paramref name="b"/> alone.</summary>
    public ConvLayer Image(int b)
    {
        int size = Spec.InChannels * Height * Width;
        return this with { Nchw = Nchw.AsSpan(b * size, size).ToArray(), Images = 1 };
    }

    /// <summary>The expected output, channel-major: the bare convolution before activateFrom, relu(conv + bias) from there.</summary>
    public float[] Reference(int activateFrom)
    {
        var nchw = new float[Images * Spec.OutChannels * OutH * OutW];
        Conv2dReference.Forward(Nchw, Conv.Weight, nchw, Geometry);
        float[] expected = ToChannelMajor(nchw, Images, Spec.OutChannels, OutH * OutW);
        int row = Images * OutH * OutW;
        for (int i = 0; i < expected.Length; i++)
        {
            int o = i / row;
            expected[i] = o < activateFrom ? expected[i] : MathF.Max(expected[i] + Conv.Bias[o], 0f);
        }

        return expected;
    }

    /// <summary>The workspace's result, inside a larger buffer (so stray writes before or after would show).</summary>
    public float[] Run(InceptionWorkspace workspace, int activateFrom, bool im2col)
    {
        const int Margin = 7;
        float[] channelMajor = ToChannelMajor(Nchw, Images, Spec.InChannels, Height * Width);
        var inputBuffer = new float[channelMajor.Length + (2 * Margin)];
        channelMajor.CopyTo(inputBuffer, Margin);
        var input = new Activation(inputBuffer, Margin, Spec.InChannels, Images, Height, Width);
        int length = Spec.OutChannels * Images * OutH * OutW;
        var outputBuffer = new float[length + (2 * Margin)];
        outputBuffer.AsSpan().Fill(float.NaN);
        var output = new Activation(outputBuffer, Margin, Spec.OutChannels, Images, OutH, OutW);
        if (im2col)
        {
            workspace.Im2ColConv(Conv, input, output, activateFrom);
        }
        else
        {
            workspace.Conv(Conv, input, output, activateFrom);
        }

        Assert.All(outputBuffer[..Margin], v => Assert.True(float.IsNaN(v)));
        Assert.All(outputBuffer[(Margin + length)..], v => Assert.True(float.IsNaN(v)));
        return output.Span.ToArray();
    }

    private InceptionWorkspace Workspace(int winogradTile, bool parallel = false) =>
        new() { WinogradTile = winogradTile, StrideTwoTile = StrideTwoTile, FiveByFiveTile = FiveByFiveTile, ParallelGemm = parallel };

    /// <summary>[outer, inner, plane] to [inner, outer, plane].</summary>
    private static float[] ToChannelMajor(float[] values, int outer, int inner, int plane)
    {
        var result = new float[values.Length];
        for (int a = 0; a < outer; a++)
        {
            for (int b = 0; b < inner; b++)
            {
                values.AsSpan(((a * inner) + b) * plane, plane).CopyTo(result.AsSpan(((b * outer) + a) * plane));
            }
        }

        return result;
    }

    private static float[] WithThreads(int threads, Func<float[]> body)
    {
        float[] result = [];
        KernelTestData.WithThreads(threads, () => result = body());
        return result;
    }
}
