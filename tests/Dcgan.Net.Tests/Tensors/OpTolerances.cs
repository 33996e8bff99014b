namespace Dcgan.Net.Tests.Tensors;

/// <summary>
/// Tolerances of the op fixture comparisons, as tight as they hold (measured error in brackets, as
/// max |ours - torch| / (|torch| + 0.1) over a case):
/// <list type="bullet">
/// <item>data movement and piecewise-linear ops are bit-identical to PyTorch [0];</item>
/// <item>other element-wise ops, reductions and normalisations: rtol 1e-5 / atol 1e-6 [up to 6e-6];</item>
/// <item>matmul, linear and convolutions: the rtol 1e-4 / atol 1e-5 [up to 2.4e-5 for second
/// derivatives of conv-transpose], because their sums run in a different order than PyTorch's, and the
/// fast kernels that replace the reference loops will reorder them again.</item>
/// </list>
/// </summary>
internal static class OpTolerances
{
    public static readonly Tolerance Exact = new(0, 0);

    public static readonly Tolerance Tight = new(1e-5, 1e-6);

    private static readonly HashSet<string> s_exactOps =
    [
        "neg", "add_scalar", "mul_scalar", "abs", "clamp", "relu", "leaky_relu", "max", "reshape", "view", "permute",
        "transpose", "flatten", "unsqueeze", "squeeze", "narrow", "slice", "cat", "stack", "pixel_shuffle",
    ];

    private static readonly HashSet<string> s_accumulatingOps = ["matmul", "linear", "conv2d", "conv_transpose2d"];

    public static Tolerance For(OpCase c) =>
        s_exactOps.Contains(c.Op) ? Exact : s_accumulatingOps.Contains(c.Op) ? TensorAssert.Default : Tight;
}
