namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Convolution kernels (dilation 1, groups 1, zero padding) on NCHW spans, lowered to <see cref="Sgemm"/> products
/// via <see cref="Im2Col"/> (a 1x1 stride-1 unpadded kernel multiplies the image directly; a kernel covering the
/// whole unpadded image is a dense layer over the batch). How images are grouped and split over threads is
/// described on <see cref="Conv2dJob"/>; results do not depend on the thread count. Scratch comes from
/// <see cref="System.Buffers.ArrayPool{T}"/>.
/// </summary>
internal static unsafe class Conv2dKernels
{
    /// <summary>
    /// <c>output = conv2d(input, weight)</c> without bias.
    /// input [N, C, H, W], weight [O, C, KH, KW], output [N, O, OH, OW] (overwritten).
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is invalid or a span does not match it.</exception>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output, in Conv2dGeometry g)
    {
        g.Validate();
        CheckLength(nameof(input), input.Length, (long)g.Batch * g.InputImageSize);
        CheckLength(nameof(weight), weight.Length, g.WeightSize);
        CheckLength(nameof(output), output.Length, (long)g.Batch * g.OutputImageSize);
        fixed (float* pi = input, pw = weight, po = output)
        {
            Conv2dJob.Run(Conv2dJob.Kind.Forward, g, pi, pw, po, accumulate: false);
        }
    }

    /// <summary>
    /// Gradient of the input: <c>gradInput (+)= conv2d_input_grad(gradOutput, weight)</c> (col2im). This is also
    /// the forward pass of a transposed convolution. gradOutput [N, O, OH, OW], weight [O, C, KH, KW],
    /// gradInput [N, C, H, W], overwritten unless <paramref name="accumulate"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is invalid or a span does not match it.</exception>
    public static void BackwardInput(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput, in Conv2dGeometry g, bool accumulate)
    {
        g.Validate();
        CheckLength(nameof(gradOutput), gradOutput.Length, (long)g.Batch * g.OutputImageSize);
        CheckLength(nameof(weight), weight.Length, g.WeightSize);
        CheckLength(nameof(gradInput), gradInput.Length, (long)g.Batch * g.InputImageSize);
        fixed (float* pg = gradOutput, pw = weight, pi = gradInput)
        {
            Conv2dJob.Run(Conv2dJob.Kind.BackwardInput, g, pi, pw, pg, accumulate);
        }
    }

    /// <summary>
    /// Gradient of the weight summed over the batch: <c>gradWeight (+)= sum_n gradOutput[n] x im2col(input[n])^T</c>.
    /// input [N, C, H, W], gradOutput [N, O, OH, OW], gradWeight [O, C, KH, KW], overwritten unless <paramref name="accumulate"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is invalid or a span does not match it.</exception>
    public static void BackwardWeight(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight, in Conv2dGeometry g, bool accumulate)
    {
        g.Validate();
        CheckLength(nameof(input), input.Length, (long)g.Batch * g.InputImageSize);
        CheckLength(nameof(gradOutput), gradOutput.Length, (long)g.Batch * g.OutputImageSize);
        CheckLength(nameof(gradWeight), gradWeight.Length, g.WeightSize);
        fixed (float* pi = input, pg = gradOutput, pw = gradWeight)
        {
            Conv2dJob.Run(Conv2dJob.Kind.BackwardWeight, g, pi, pw, pg, accumulate);
        }
    }

    private static void CheckLength(string name, int actual, long expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} must hold {expected} values for this convolution, got {actual}.", name);
        }
    }
}
