using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// FIDInceptionE_1 (Mixed_7b) and FIDInceptionE_2 (Mixed_7c): output [1x1 (320) | 1x1 then [1x3 | 3x1] (768) |
/// 1x1, 3x3, then [1x3 | 3x1] (768) | pool (192)]. E_1's pool branch is the excluding-padding average pool,
/// computed after its 1x1 as in <see cref="InceptionBlockA"/>; E_2's is a 3x3 stride-1 max pool (padding never
/// wins), which does not commute with the convolution and so runs first, on all input channels.
/// </summary>
internal sealed class InceptionBlockE : InceptionBlock
{
    private readonly FoldedConv _stacked;
    private readonly FoldedConv _split1x3;
    private readonly FoldedConv _split3x1;
    private readonly FoldedConv _dbl2;
    private readonly FoldedConv _dblSplit1x3;
    private readonly FoldedConv _dblSplit3x1;
    private readonly FoldedConv _pool;
    private readonly bool _maxPool;

    public InceptionBlockE(BlockPlan plan, IReadOnlyDictionary<string, FoldedConv> convs)
        : base(plan, convs)
    {
        _maxPool = plan.Kind == BlockKind.E2;
        _stacked = _maxPool
            ? Stack("branch3x3_1", "branch3x3dbl_1", "branch1x1")
            : Stack("branch_pool", "branch3x3_1", "branch3x3dbl_1", "branch1x1");
        _split1x3 = Conv("branch3x3_2a");
        _split3x1 = Conv("branch3x3_2b");
        _dbl2 = Conv("branch3x3dbl_2");
        _dblSplit1x3 = Conv("branch3x3dbl_3a");
        _dblSplit3x1 = Conv("branch3x3dbl_3b");
        _pool = Conv("branch_pool");
    }

    public override int OutChannels => 320 + 768 + 768 + 192;

    public override int StageRowsBefore => PoolRows + 384 + 448;

    /// <summary>Rows of the pre-pool 1x1 outputs in the stacked product (none for the max-pool variant).</summary>
    private int PoolRows => _maxPool ? 0 : 192;

    public override int TempPerImage(int size) => (384 + (_maxPool ? Plan.InChannels : 0)) * size * size;

    public override Activation Run(in Activation input, float[] stage, InceptionWorkspace workspace)
    {
        Activation output = Output(stage, input, OutChannels);
        Activation stacked = Activation.In(stage, 0, StageRowsBefore + 320, input.Images, input.Height, input.Width);
        workspace.Conv(_stacked, input, stacked, activateFrom: PoolRows);
        Activation split = stacked.Rows(PoolRows, 384);
        workspace.Conv(_split1x3, split, output.Rows(320, 384));
        workspace.Conv(_split3x1, split, output.Rows(704, 384));

        float[] temp = workspace.Temp(TempPerImage(input.Height) * input.Images);
        var dbl = Activation.In(temp, 0, 384, input.Images, input.Height, input.Width);
        workspace.Conv(_dbl2, stacked.Rows(PoolRows + 384, 448), dbl);
        workspace.Conv(_dblSplit1x3, dbl, output.Rows(1088, 384));
        workspace.Conv(_dblSplit3x1, dbl, output.Rows(1472, 384));

        Activation poolOut = output.Rows(1856, 192);
        if (_maxPool)
        {
            var pooled = Activation.In(temp, 384, input.Channels, input.Images, input.Height, input.Width);
            Pool2dKernels.MaxPool(input.Span, pooled.Span, input.Channels * input.Images, input.Height, input.Width, 3, 1, 1);
            workspace.Conv(_pool, pooled, poolOut);
        }
        else
        {
            Pool2dKernels.AvgPoolExcludePadding(stacked.Rows(0, 192).Span, poolOut.Span, 192 * input.Images, input.Height, input.Width, 3, 1, 1);
            InceptionWorkspace.BiasRelu(poolOut, _pool.Bias);
        }

        return output;
    }
}
