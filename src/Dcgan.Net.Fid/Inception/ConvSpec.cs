namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// One BasicConv2d of the network (a bias-free convolution, batch norm with eps 1e-3, ReLU): its state-dict prefix
/// and geometry. Kernel and padding are (height, width); dilation 1, groups 1, zero padding.
/// </summary>
internal sealed record ConvSpec(string Prefix, int InChannels, int OutChannels, int KernelH, int KernelW, int Stride, int PadH, int PadW)
{
    /// <summary>Rows of the im2col matrix, and the row length of the folded weight: InChannels x KernelH x KernelW.</summary>
    public int PatchSize => InChannels * KernelH * KernelW;

    /// <summary>True for a 1x1 stride-1 kernel, whose im2col matrix is the input itself.</summary>
    public bool IsPointwise => KernelH == 1 && KernelW == 1 && Stride == 1;

    /// <summary>PyTorch's OIHW shape of <c>conv.weight</c>.</summary>
    public long[] WeightShape => [OutChannels, InChannels, KernelH, KernelW];

    /// <summary>Output rows for an input of <paramref name="height"/> rows.</summary>
    public int OutHeight(int height) => ((height + (2 * PadH) - KernelH) / Stride) + 1;

    /// <summary>Output columns for an input of <paramref name="width"/> columns.</summary>
    public int OutWidth(int width) => ((width + (2 * PadW) - KernelW) / Stride) + 1;

    /// <summary>A 1x1 convolution.</summary>
    public static ConvSpec Pointwise(string prefix, int inChannels, int outChannels) => new(prefix, inChannels, outChannels, 1, 1, 1, 0, 0);

    /// <summary>A square k x k convolution with equal padding on every side.</summary>
    public static ConvSpec Square(string prefix, int inChannels, int outChannels, int kernel, int stride, int padding) =>
        new(prefix, inChannels, outChannels, kernel, kernel, stride, padding, padding);

    /// <summary>A 1 x k convolution padded to keep the width.</summary>
    public static ConvSpec Row(string prefix, int inChannels, int outChannels, int kernel) =>
        new(prefix, inChannels, outChannels, 1, kernel, 1, 0, kernel / 2);

    /// <summary>A k x 1 convolution padded to keep the height.</summary>
    public static ConvSpec Column(string prefix, int inChannels, int outChannels, int kernel) =>
        new(prefix, inChannels, outChannels, kernel, 1, 1, kernel / 2, 0);
}
