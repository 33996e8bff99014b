using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// FIDInceptionC (Mixed_6b..6e, c7 = channels_7x7): output [1x1 (192) | 1x7 then 7x1 (192) | 7x1, 1x7, 7x1, 1x7
/// (192) | pool (192)]; the pool branch is computed as in <see cref="InceptionBlockA"/> (1x1 first, then the
/// average pool that excludes the padding, then bias and ReLU).
/// </summary>
internal sealed class InceptionBlockC : InceptionBlock
{
    private readonly FoldedConv _stacked;
    private readonly FoldedConv[] _branch7x7;
    private readonly FoldedConv[] _branch7x7dbl;
    private readonly float[] _poolBias;
    private readonly int _c7;

    public InceptionBlockC(BlockPlan plan, IReadOnlyDictionary<string, FoldedConv> convs)
        : base(plan, convs)
    {
        _c7 = plan.Parameter;
        _stacked = Stack("branch_pool", "branch7x7_1", "branch7x7dbl_1", "branch1x1");
        _branch7x7 = [Conv("branch7x7_2"), Conv("branch7x7_3")];
        _branch7x7dbl = [Conv("branch7x7dbl_2"), Conv("branch7x7dbl_3"), Conv("branch7x7dbl_4"), Conv("branch7x7dbl_5")];
        _poolBias = Conv("branch_pool").Bias;
    }

    public override int OutChannels => 4 * 192;

    public override int StageRowsBefore => 192 + (2 * _c7);

    public override int TempPerImage(int size) => 2 * _c7 * size * size;

    public override Activation Run(in Activation input, float[] stage, InceptionWorkspace workspace)
    {
        Activation output = Output(stage, input, OutChannels);
        Activation stacked = Activation.In(stage, 0, StageRowsBefore + 192, input.Images, input.Height, input.Width);
        workspace.Conv(_stacked, input, stacked, activateFrom: 192);
        float[] temp = workspace.Temp(TempPerImage(input.Height) * input.Images);
        Activation[] ping = [Activation.In(temp, 0, _c7, input.Images, input.Height, input.Width), Activation.In(temp, _c7, _c7, input.Images, input.Height, input.Width)];
        Chain(_branch7x7, stacked.Rows(192, _c7), ping, output.Rows(192, 192), workspace);
        Chain(_branch7x7dbl, stacked.Rows(192 + _c7, _c7), ping, output.Rows(384, 192), workspace);

        Activation pooled = output.Rows(576, 192);
        Pool2dKernels.AvgPoolExcludePadding(stacked.Rows(0, 192).Span, pooled.Span, 192 * input.Images, input.Height, input.Width, 3, 1, 1);
        InceptionWorkspace.BiasRelu(pooled, _poolBias);
        return output;
    }

    /// <summary>Runs <paramref name="layers"/> in turn, alternating between the two temporaries, the last into <paramref name="target"/>.</summary>
    private static void Chain(FoldedConv[] layers, Activation source, Activation[] ping, Activation target, InceptionWorkspace workspace)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            Activation next = i == layers.Length - 1 ? target : ping[i % 2];
            workspace.Conv(layers[i], source, next);
            source = next;
        }
    }
}
