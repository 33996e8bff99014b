using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// torchvision's InceptionB (Mixed_6a), unpatched: output [3x3 stride 2 (384) | double 3x3 ending in stride 2
/// (96) | 3x3 stride-2 max pool of the input (all input channels)], each side reduced from 35 to 17.
/// </summary>
internal sealed class InceptionBlockB : InceptionBlock
{
    private readonly FoldedConv _branch3x3;
    private readonly FoldedConv _dbl1;
    private readonly FoldedConv _dbl2;
    private readonly FoldedConv _dbl3;

    public InceptionBlockB(BlockPlan plan, IReadOnlyDictionary<string, FoldedConv> convs)
        : base(plan, convs)
    {
        _branch3x3 = Conv("branch3x3");
        _dbl1 = Conv("branch3x3dbl_1");
        _dbl2 = Conv("branch3x3dbl_2");
        _dbl3 = Conv("branch3x3dbl_3");
    }

    public override int OutChannels => 384 + 96 + Plan.InChannels;

    public override int StageRowsBefore => 0;

    public override int OutSize(int size) => Pool2dKernels.OutputSize(size, 3, 2, 0);

    public override int TempPerImage(int size) => (64 + 96) * size * size;

    public override Activation Run(in Activation input, float[] stage, InceptionWorkspace workspace)
    {
        Activation output = Output(stage, input, OutChannels);
        workspace.Conv(_branch3x3, input, output.Rows(0, 384));
        float[] temp = workspace.Temp(TempPerImage(input.Height) * input.Images);
        var first = Activation.In(temp, 0, 64, input.Images, input.Height, input.Width);
        var second = Activation.In(temp, 64, 96, input.Images, input.Height, input.Width);
        workspace.Conv(_dbl1, input, first);
        workspace.Conv(_dbl2, first, second);
        workspace.Conv(_dbl3, second, output.Rows(384, 96));
        Pool2dKernels.MaxPool(input.Span, output.Rows(480, Plan.InChannels).Span, input.Channels * input.Images, input.Height, input.Width, 3, 2, 0);
        return output;
    }
}
