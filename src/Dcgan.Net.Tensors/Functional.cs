using Dcgan.Net.Tensors.Ops;

namespace Dcgan.Net.Tensors;

/// <summary>
/// Stateless operations in the style of <c>torch.nn.functional</c>. Modules in <see cref="Nn"/> call these.
/// </summary>
public static partial class Functional
{
    /// <summary>y = x W^T + b, as <c>F.linear</c>.</summary>
    /// <param name="input">[N, in].</param>
    /// <param name="weight">[out, in].</param>
    /// <param name="bias">[out] or null.</param>
    /// <returns>[N, out].</returns>
    /// <exception cref="ArgumentException">Shapes do not fit together.</exception>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias)
    {
        ShapeUtil.ExpectRank(input, 2, "Linear input [N, in]");
        ShapeUtil.ExpectRank(weight, 2, "Linear weight [out, in]");
        if (input.Size(1) != weight.Size(1))
        {
            throw new ArgumentException($"Linear: input {ShapeUtil.Format(input.Shape)} has {input.Size(1)} features but weight {ShapeUtil.Format(weight.Shape)} expects {weight.Size(1)}.");
        }

        var y = MatMulOp.Forward(input, weight, false, true);
        if (bias is null)
        {
            return y;
        }

        ShapeUtil.Expect(bias.Shape, [weight.Size(0)], "Linear bias");
        return y.Add(bias);
    }

    /// <summary>
    /// Rearranges [N, C r², H, W] into [N, C, H r, W r] as <c>F.pixel_shuffle</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The channel count is not divisible by r².</exception>
    public static Tensor PixelShuffle(Tensor input, int upscaleFactor)
    {
        ShapeUtil.ExpectRank(input, 4, "PixelShuffle input [N, C, H, W]");
        ArgumentOutOfRangeException.ThrowIfLessThan(upscaleFactor, 1);
        int r = upscaleFactor;
        int n = input.Size(0), c = input.Size(1), h = input.Size(2), w = input.Size(3);
        if (c % (r * r) != 0)
        {
            throw new ArgumentException($"PixelShuffle: {c} channels (shape {ShapeUtil.Format(input.Shape)}) are not divisible by {r}² = {r * r}.");
        }

        int oc = c / (r * r);
        return input.Reshape(n, oc, r, r, h, w).Permute(0, 1, 4, 2, 5, 3).Reshape(n, oc, h * r, w * r);
    }

    /// <summary>
    /// Randomly zeroes elements with probability <paramref name="p"/> and scales the rest by 1/(1-p) when
    /// <paramref name="training"/>; identity otherwise.
    /// </summary>
    public static Tensor Dropout(Tensor input, float p, bool training, TensorGenerator generator)
    {
        if (p is < 0f or > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
        }

        if (!training || p == 0f)
        {
            return input;
        }

        var mask = Tensor.ZerosLike(input);
        var keep = mask.Data;
        float scale = p >= 1f ? 0f : 1f / (1f - p);
        for (int i = 0; i < keep.Length; i++)
        {
            keep[i] = generator.NextDouble() >= p ? scale : 0f;
        }

        return input.Mul(mask);
    }
}
