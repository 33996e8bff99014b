using Dcgan.Net.Tensors.Autograd;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>
/// The three linear maps of a 2-D convolution, each a primitive whose backward is written with the other two:
/// <list type="bullet">
/// <item><c>Conv</c>: y = conv(x, w), x [N, C, H, W], w [O, C, KH, KW] -> y [N, O, OH, OW];</item>
/// <item><c>InputGrad</c>: dx = conv^T(dy, w) -> [N, C, H, W] (also the forward pass of a transposed convolution);</item>
/// <item><c>WeightGrad</c>: dw = corr(x, dy) -> [O, C, KH, KW].</item>
/// </list>
/// All are bilinear, so every second derivative is again one of the three (WGAN-GP, R1).
/// </summary>
internal static class ConvOps
{
    public static Tensor Conv(Tensor x, Tensor w, Conv2dGeometry g)
    {
        var y = TensorArena.Allocate(g.Batch * g.OutChannels * g.OutHeight * g.OutWidth);
        Conv2dKernels.Forward(x.Data, w.Data, y, in g);
        return Tensor.FromOp(y, [g.Batch, g.OutChannels, g.OutHeight, g.OutWidth], Node.ShouldRecord(x, w) ? new ConvNode(x, w, g) : null);
    }

    public static Tensor InputGrad(Tensor dy, Tensor w, Conv2dGeometry g)
    {
        var dx = TensorArena.Allocate(g.Batch * g.InChannels * g.Height * g.Width);
        Conv2dKernels.BackwardInput(dy.Data, w.Data, dx, in g, accumulate: false);
        return Tensor.FromOp(dx, [g.Batch, g.InChannels, g.Height, g.Width], Node.ShouldRecord(dy, w) ? new InputGradNode(dy, w, g) : null);
    }

    public static Tensor WeightGrad(Tensor x, Tensor dy, Conv2dGeometry g)
    {
        var dw = TensorArena.Allocate(g.OutChannels * g.InChannels * g.KernelH * g.KernelW);
        Conv2dKernels.BackwardWeight(x.Data, dy.Data, dw, in g, accumulate: false);
        return Tensor.FromOp(dw, [g.OutChannels, g.InChannels, g.KernelH, g.KernelW], Node.ShouldRecord(x, dy) ? new WeightGradNode(x, dy, g) : null);
    }

    private sealed class ConvNode(Tensor x, Tensor w, Conv2dGeometry g) : Node(x, w)
    {
        public override string Name => "Conv2d";

        public override Tensor?[] Backward(Tensor dy) =>
            [Needs(0) ? InputGrad(dy, w, g) : null, Needs(1) ? WeightGrad(x, dy, g) : null];
    }

    private sealed class InputGradNode(Tensor dy, Tensor w, Conv2dGeometry g) : Node(dy, w)
    {
        public override string Name => "Conv2dInputGrad";

        public override Tensor?[] Backward(Tensor ddx) =>
            [Needs(0) ? Conv(ddx, w, g) : null, Needs(1) ? WeightGrad(ddx, dy, g) : null];
    }

    private sealed class WeightGradNode(Tensor x, Tensor dy, Conv2dGeometry g) : Node(x, dy)
    {
        public override string Name => "Conv2dWeightGrad";

        public override Tensor?[] Backward(Tensor ddw) =>
            [Needs(0) ? InputGrad(dy, ddw, g) : null, Needs(1) ? Conv(x, ddw, g) : null];
    }
}
