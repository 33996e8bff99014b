using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// torchvision's InceptionD (Mixed_7a), unpatched: output [1x1 then 3x3 stride 2 (320) | 1x1, 1x7, 7x1, 3x3
/// stride 2 (192) | 3x3 stride-2 max pool of the input (768)], each side reduced from 17 to 8. Its two 1x1
/// convolutions read the block input, so they are one stacked product into the temporaries.
/// </summary>
internal sealed class InceptionBlockD : InceptionBlock
{
    private readonly FoldedConv _stacked;
    private readonly FoldedConv _branch3x3;
    private readonly FoldedConv[] _branch7x7x3;

    public InceptionBlockD(BlockPlan plan, IReadOnlyDictionary<string, FoldedConv> convs)
        : base(plan, convs)
    {
        _stacked = Stack("branch3x3_1", "branch7x7x3_1");
        _branch3x3 = Conv("branch3x3_2");
        _branch7x7x3 = [Conv("branch7x7x3_2"), Conv("branch7x7x3_3"), Conv("branch7x7x3_4")];
    }

    public override int OutChannels => 320 + 192 + Plan.InChannels;

    public override int StageRowsBefore => 0;

    public override int OutSize(int size) => Pool2dKernels.OutputSize(size, 3, 2, 0);

    public override int TempPerImage(int size) => 4 * 192 * size * size;

    public override Activation Run(in Activation input, float[] stage, InceptionWorkspace workspace)
    {
        Activation output = Output(stage, input, OutChannels);
        float[] temp = workspace.Temp(TempPerImage(input.Height) * input.Images);
        var stacked = Activation.In(temp, 0, 384, input.Images, input.Height, input.Width);
        workspace.Conv(_stacked, input, stacked);
        workspace.Conv(_branch3x3, stacked.Rows(0, 192), output.Rows(0, 320));

        var first = Activation.In(temp, 384, 192, input.Images, input.Height, input.Width);
        var second = Activation.In(temp, 576, 192, input.Images, input.Height, input.Width);
        workspace.Conv(_branch7x7x3[0], stacked.Rows(192, 192), first);
        workspace.Conv(_branch7x7x3[1], first, second);
        workspace.Conv(_branch7x7x3[2], second, output.Rows(320, 192));
        Pool2dKernels.MaxPool(input.Span, output.Rows(512, Plan.InChannels).Span, input.Channels * input.Images, input.Height, input.Width, 3, 2, 0);
        return output;
    }
}
