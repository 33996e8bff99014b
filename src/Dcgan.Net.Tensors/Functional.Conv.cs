using Dcgan.Net.Tensors.Kernels;
using Dcgan.Net.Tensors.Ops;

namespace Dcgan.Net.Tensors;

public static partial class Functional
{
    /// <summary>2-D convolution (cross-correlation) as <c>torch.nn.functional.conv2d</c> with groups 1, dilation 1.</summary>
    /// <param name="input">[N, C, H, W].</param>
    /// <param name="weight">[O, C, KH, KW].</param>
    /// <param name="bias">[O] or null.</param>
    /// <param name="stride">(height, width) stride.</param>
    /// <param name="padding">(height, width) zero padding.</param>
    /// <returns>[N, O, (H + 2 pad - KH) / stride + 1, (W + 2 pad - KW) / stride + 1].</returns>
    /// <exception cref="ArgumentException">Shapes do not fit together.</exception>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding)
    {
        ShapeUtil.ExpectRank(input, 4, "Conv2d input [N, C, H, W]");
        ShapeUtil.ExpectRank(weight, 4, "Conv2d weight [O, C, KH, KW]");
        if (weight.Size(1) != input.Size(1))
        {
            throw new ArgumentException($"Conv2d: input {ShapeUtil.Format(input.Shape)} has {input.Size(1)} channels but weight {ShapeUtil.Format(weight.Shape)} expects {weight.Size(1)}.");
        }

        var g = Geometry(input.Size(0), input.Size(1), input.Size(2), input.Size(3), weight.Size(0), weight.Size(2), weight.Size(3), stride, padding);
        var y = ConvOps.Conv(input, weight, g);
        return bias is null ? y : y.Add(ChannelBias(bias, weight.Size(0)));
    }

    /// <summary>Transposed 2-D convolution as <c>torch.nn.functional.conv_transpose2d</c> with groups 1, dilation 1.</summary>
    /// <param name="input">[N, Cin, H, W].</param>
    /// <param name="weight">[Cin, Cout, KH, KW] (PyTorch's layout).</param>
    /// <param name="bias">[Cout] or null.</param>
    /// <param name="stride">(height, width) stride.</param>
    /// <param name="padding">(height, width) padding removed from the output.</param>
    /// <param name="outputPadding">(height, width) extra size on one side; must be smaller than the stride.</param>
    /// <returns>[N, Cout, (H - 1) stride - 2 pad + KH + outputPadding, ...].</returns>
    /// <exception cref="ArgumentException">Shapes or paddings do not fit together.</exception>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) outputPadding = default)
    {
        ShapeUtil.ExpectRank(input, 4, "ConvTranspose2d input [N, Cin, H, W]");
        ShapeUtil.ExpectRank(weight, 4, "ConvTranspose2d weight [Cin, Cout, KH, KW]");
        if (weight.Size(0) != input.Size(1))
        {
            throw new ArgumentException($"ConvTranspose2d: input {ShapeUtil.Format(input.Shape)} has {input.Size(1)} channels but weight {ShapeUtil.Format(weight.Shape)} expects {weight.Size(0)}.");
        }

        if (outputPadding.H >= stride.H || outputPadding.W >= stride.W || outputPadding.H < 0 || outputPadding.W < 0)
        {
            throw new ArgumentException($"ConvTranspose2d: output padding {outputPadding} must be non-negative and smaller than the stride {stride}.");
        }

        int kh = weight.Size(2), kw = weight.Size(3);
        int oh = ((input.Size(2) - 1) * stride.H) - (2 * padding.H) + kh + outputPadding.H;
        int ow = ((input.Size(3) - 1) * stride.W) - (2 * padding.W) + kw + outputPadding.W;
        if (oh < 1 || ow < 1)
        {
            throw new ArgumentException($"ConvTranspose2d: input {ShapeUtil.Format(input.Shape)} with kernel {kh}x{kw}, stride {stride} and padding {padding} gives an empty output.");
        }

        // The transposed convolution is the input-gradient of the convolution that maps [N, Cout, oh, ow] to the input's size.
        var g = Geometry(input.Size(0), weight.Size(1), oh, ow, input.Size(1), kh, kw, stride, padding);
        var y = ConvOps.InputGrad(input, weight, g);
        return bias is null ? y : y.Add(ChannelBias(bias, weight.Size(1)));
    }

    private static Conv2dGeometry Geometry(int n, int c, int h, int w, int o, int kh, int kw, (int H, int W) stride, (int H, int W) padding)
    {
        if (stride.H < 1 || stride.W < 1 || padding.H < 0 || padding.W < 0)
        {
            throw new ArgumentException($"Convolution stride {stride} must be positive and padding {padding} non-negative.");
        }

        if (h + (2 * padding.H) < kh || w + (2 * padding.W) < kw)
        {
            throw new ArgumentException($"Convolution kernel {kh}x{kw} is larger than the padded input {h + (2 * padding.H)}x{w + (2 * padding.W)}.");
        }

        return new Conv2dGeometry(n, c, h, w, o, kh, kw, stride.H, stride.W, padding.H, padding.W);
    }

    private static Tensor ChannelBias(Tensor bias, int channels)
    {
        ShapeUtil.Expect(bias.Shape, [channels], "Convolution bias");
        return bias.Reshape(1, channels, 1, 1);
    }
}
