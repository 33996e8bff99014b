using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tensors.Kernels;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Fid.Inception;

public sealed class InceptionWorkspaceTests
{
    [Theory]
    [InlineData(256, 8, 3, 13, 13, 3, 3, 1, 1, 1)] // K = 2304: tiles of 288 columns over 3 x 169, the first ending inside image 2
    [InlineData(5, 16, 3, 9, 7, 1, 7, 1, 0, 3)]
    [InlineData(6, 8, 2, 11, 11, 3, 3, 2, 0, 0)]
    [InlineData(7, 24, 3, 5, 6, 1, 1, 1, 0, 0)]
    public void Conv_MatchesTheReferenceConvolution(int channels, int outChannels, int images, int height, int width, int kh, int kw, int stride, int ph, int pw)
    {
        var spec = new ConvSpec("test", channels, outChannels, kh, kw, stride, ph, pw);
        float[] weight = KernelTestData.Random(outChannels * spec.PatchSize, 1);
        float[] bias = KernelTestData.Random(outChannels, 2);
        FoldedConv conv = FoldedConv.Fold(spec, weight, [.. Enumerable.Repeat(1f, outChannels)], bias, new float[outChannels], [.. Enumerable.Repeat(1f - 1e-3f, outChannels)]);
        float[] nchw = KernelTestData.Random(images * channels * height * width, 3);
        int outH = spec.OutHeight(height), outW = spec.OutWidth(width);
        var expected = new float[images * outChannels * outH * outW];
        var geometry = new Conv2dGeometry(images, channels, height, width, outChannels, kh, kw, stride, stride, ph, pw);
        Conv2dReference.Forward(nchw, conv.Weight, expected, geometry);
        var input = new Activation(SwapLeadingAxes(nchw, images, channels, height * width), 0, channels, images, height, width);
        var output = new Activation(new float[3 + expected.Length], 3, outChannels, images, outH, outW);

        new InceptionWorkspace().Conv(conv, input, output, activateFrom: 1);

        float[] actual = SwapLeadingAxes(output.Span.ToArray(), outChannels, images, outH * outW);
        for (int i = 0; i < expected.Length; i++)
        {
            int o = i / (outH * outW) % outChannels;
            expected[i] = o == 0 ? expected[i] : MathF.Max(expected[i] + conv.Bias[o], 0f);
        }

        // |w|, |x| <= 1, so PatchSize bounds the sum of |w| |x|; the 1x7 case goes through F(6, 7), whose
        // rounding error reaches about 2e-5 of that sum (see LineWinogradConvTests), the others stay near 1e-6.
        double rtol = kh * kw == 7 ? 1e-5 : 1e-6;
        KernelTestData.AssertClose(expected, actual, [.. expected.Select(_ => (float)spec.PatchSize)], rtol, 1e-6, "conv");
    }

    [Fact]
    public void PlaneMeans_AveragesEachChannelOfEachImage()
    {
        // [2 channels, 2 images, 1 x 2]: rows are channels.
        var activation = new Activation([1f, 3f, 10f, 20f, -1f, 0f, 5f, 7f], 0, 2, 2, 1, 2);
        var features = new float[6];

        InceptionWorkspace.PlaneMeans(activation, features, 3);

        Assert.Equal([2f, -0.5f, 0f, 15f, 6f, 0f], features);
    }

    [Fact]
    public void Conv_RejectsActivationsThatDoNotFit()
    {
        var spec = ConvSpec.Square("test", 2, 3, 3, 1, 1);
        FoldedConv conv = FoldedConv.Fold(spec, new float[54], [1f, 1f, 1f], new float[3], new float[3], [1f, 1f, 1f]);
        var input = new Activation(new float[50], 0, 2, 1, 5, 5);

        Assert.Throws<InvalidOperationException>(() => new InceptionWorkspace().Conv(conv, input, new Activation(new float[75], 0, 3, 1, 4, 4)));
    }

    /// <summary>[outer, inner, plane] to [inner, outer, plane]: NCHW to channel-major with (images, channels), and back with (channels, images).</summary>
    private static float[] SwapLeadingAxes(float[] values, int outer, int inner, int plane)
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
