using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// FIDInceptionA (Mixed_5b/5c/5d): output [1x1 (64) | 5x5 (64) | double 3x3 (96) | pool (P)]. The pool branch,
/// an average pool that excludes the padding followed by a 1x1 convolution, is computed as the 1x1 convolution
/// followed by the pool: both are linear, so they commute, and the pool then runs on P channels instead of all
/// the input channels. Its bias and ReLU come after the pool.
/// </summary>
internal sealed class InceptionBlockA : InceptionBlock
{
    private readonly FoldedConv _stacked;
    private readonly FoldedConv _branch5x5;
    private readonly FoldedConv _branch3x3dbl2;
    private readonly FoldedConv _branch3x3dbl3;
    private readonly float[] _poolBias;
    private readonly int _pool;

    public InceptionBlockA(BlockPlan plan, IReadOnlyDictionary<string, FoldedConv> convs)
        : base(plan, convs)
    {
        _pool = plan.Parameter;
        _stacked = Stack("branch_pool", "branch5x5_1", "branch3x3dbl_1", "branch1x1");
        _branch5x5 = Conv("branch5x5_2");
        _branch3x3dbl2 = Conv("branch3x3dbl_2");
        _branch3x3dbl3 = Conv("branch3x3dbl_3");
        _poolBias = Conv("branch_pool").Bias;
    }

    public override int OutChannels => 64 + 64 + 96 + _pool;

    // Pre-pool 1x1 outputs, the 5x5 branch's 1x1 and the double-3x3 branch's 1x1.
    public override int StageRowsBefore => _pool + 48 + 64;

    public override int TempPerImage(int size) => 96 * size * size;

    public override Activation Run(in Activation input, float[] stage, InceptionWorkspace workspace)
    {
        Activation output = Output(stage, input, OutChannels);
        Activation stacked = Activation.In(stage, 0, StageRowsBefore + 64, input.Images, input.Height, input.Width);
        workspace.Conv(_stacked, input, stacked, activateFrom: _pool);
        workspace.Conv(_branch5x5, stacked.Rows(_pool, 48), output.Rows(64, 64));
        var temp = Activation.In(workspace.Temp(TempPerImage(input.Height) * input.Images), 0, 96, input.Images, input.Height, input.Width);
        workspace.Conv(_branch3x3dbl2, stacked.Rows(_pool + 48, 64), temp);
        workspace.Conv(_branch3x3dbl3, temp, output.Rows(128, 96));

        Activation pooled = output.Rows(224, _pool);
        Pool2dKernels.AvgPoolExcludePadding(stacked.Rows(0, _pool).Span, pooled.Span, _pool * input.Images, input.Height, input.Width, 3, 1, 1);
        InceptionWorkspace.BiasRelu(pooled, _poolBias);
        return output;
    }
}
