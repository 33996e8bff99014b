using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tensors.Kernels;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Fid.Inception;

/// <summary>
/// The Winograd F(2x2, 3x3) path of <see cref="InceptionWorkspace.Conv"/> against the reference convolution and
/// the im2col path, on odd sizes (partial edge tiles), both paddings, channel counts that are no multiple of a
/// vector, activateFrom in the middle, one and three images, several chunks, and every instruction set.
/// </summary>
[Trait("Category", "Simd")]
[Collection(EngineThreadsCollection.Name)]
public sealed class WinogradConvTests
{
    public static TheoryData<int, int, int, int, int, int, int> Cases => new()
    {
        // channels, outChannels, images, height, width, padding, activateFrom
        { 5, 7, 1, 9, 11, 1, 3 },
        { 19, 13, 3, 10, 7, 0, 6 },
        { 3, 17, 3, 13, 13, 1, 0 },
        { 33, 20, 1, 6, 5, 0, 20 },
        { 2, 3, 3, 3, 3, 0, 1 },
        { 4, 5, 3, 1, 2, 1, 2 },
        { 40, 50, 3, 29, 31, 1, 17 }, // 720 tiles in chunks of 192, the chunks starting inside tile rows and images
        { 9, 11, 1, 37, 36, 0, 5 },   // runs of 17 and 18 tiles, longer than an AVX-512 vector
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv_MatchesTheReferenceAndTheIm2ColPath(int channels, int outChannels, int images, int height, int width, int padding, int activateFrom)
    {
        Layer layer = Layer.Create(channels, outChannels, images, height, width, padding);
        float[] expected = layer.Reference(activateFrom);
        foreach (KernelIsa isa in CpuFeatures.Supported)
        {
            using IDisposable scope = CpuFeatures.Force(isa);
            float[] winograd = layer.Run(new InceptionWorkspace(), activateFrom, im2col: false);
            float[] im2col = layer.Run(new InceptionWorkspace(), activateFrom, im2col: true);

            // Bound: rtol times the sum of |w| |x| over the taps (the transforms add at most a few roundings).
            KernelTestData.AssertClose(expected, winograd, layer.Scale, 1e-5, 1e-6, $"{isa} winograd vs reference");
            KernelTestData.AssertClose(im2col, winograd, layer.Scale, 1e-5, 1e-6, $"{isa} winograd vs im2col");
        }
    }

    [Fact]
    public void Conv_IsTheSameBits_ForEveryBatchSplitAndThreadCount()
    {
        Layer layer = Layer.Create(40, 50, 3, 29, 31, 1);
        float[] serial = KernelTestDataWith(1, () => layer.Run(new InceptionWorkspace(), 17, im2col: false));
        float[] parallel = KernelTestDataWith(2, () => layer.Run(new InceptionWorkspace { ParallelGemm = true }, 17, im2col: false));
        KernelTestData.AssertBitIdentical(serial, parallel, "two threads");

        // Each image on its own (other chunk boundaries, one tile grid per call) gives the same bits.
        int perImage = serial.Length / 3 / 50;
        for (int b = 0; b < 3; b++)
        {
            float[] alone = layer.Image(b).Run(new InceptionWorkspace(), 17, im2col: false);
            for (int o = 0; o < 50; o++)
            {
                KernelTestData.AssertBitIdentical(
                    serial.AsSpan(((o * 3) + b) * perImage, perImage), alone.AsSpan(o * perImage, perImage), $"image {b} channel {o}");
            }
        }
    }

    [Fact]
    public void OnlyThreeByThreeStrideOneConvolutionsGetWinogradWeights()
    {
        Assert.NotNull(Layer.Create(2, 3, 1, 5, 5, 1).Conv.WinogradWeight);
        Assert.NotNull(Layer.Create(2, 3, 1, 5, 5, 0).Conv.WinogradWeight);
        var strided = ConvSpec.Square("strided", 2, 3, 3, 2, 0);
        var row = ConvSpec.Row("row", 2, 3, 3);
        foreach (ConvSpec spec in new[] { strided, row, ConvSpec.Pointwise("pointwise", 2, 3) })
        {
            FoldedConv conv = FoldedConv.Fold(spec, new float[3 * spec.PatchSize], [1f, 1f, 1f], new float[3], new float[3], [1f, 1f, 1f]);
            Assert.Null(conv.WinogradWeight);
        }
    }

    private static float[] KernelTestDataWith(int threads, Func<float[]> body)
    {
        float[] result = [];
        KernelTestData.WithThreads(threads, () => result = body());
        return result;
    }

    /// <summary>A random 3x3 convolution and its NCHW input.</summary>
    private sealed record Layer(FoldedConv Conv, float[] Nchw, int Images, int Height, int Width)
    {
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

        private Conv2dGeometry Geometry => new(Images, Spec.InChannels, Height, Width, Spec.OutChannels, 3, 3, 1, 1, Spec.PadH, Spec.PadW);

        public static Layer Create(int channels, int outChannels, int images, int height, int width, int padding)
        {
            var spec = ConvSpec.Square("test", channels, outChannels, 3, 1, padding);
            float[] weight = KernelTestData.Random(outChannels * spec.PatchSize, channels + outChannels);
            float[] beta = KernelTestData.Random(outChannels, 2);
            FoldedConv conv = FoldedConv.Fold(spec, weight, [.. Enumerable.Repeat(1f, outChannels)], beta, new float[outChannels], [.. Enumerable.Repeat(1f - 1e-3f, outChannels)]);
            return new Layer(conv, KernelTestData.Random(images * channels * height * width, height + width), images, height, width);
        }

        /// <summary>Image <paramref name="b"/> alone.</summary>
        public Layer Image(int b)
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
    }
}
