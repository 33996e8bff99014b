namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// One of Mixed_5b..Mixed_7c on channel-major activations of a sub-batch. A block writes its output into a stage
/// buffer (the one its input is not in), after <see cref="StageRowsBefore"/> rows of its own temporaries: the
/// 1x1 convolutions that read the block input are stacked into one product whose last rows are the block's
/// first branch, so that product writes the temporaries and the first branch's output in one pass.
/// </summary>
internal abstract class InceptionBlock
{
    protected InceptionBlock(BlockPlan plan, IReadOnlyDictionary<string, FoldedConv> convs)
    {
        Plan = plan;
        Convs = convs;
    }

    /// <summary>The block's kind, name and channel counts.</summary>
    public BlockPlan Plan { get; }

    /// <summary>Output channels.</summary>
    public abstract int OutChannels { get; }

    /// <summary>Channel rows of the stage buffer in front of the output.</summary>
    public abstract int StageRowsBefore { get; }

    protected IReadOnlyDictionary<string, FoldedConv> Convs { get; }

    /// <summary>Builds the block of <paramref name="plan"/> from its folded convolutions.</summary>
    public static InceptionBlock Create(BlockPlan plan, IReadOnlyDictionary<string, FoldedConv> convs) => plan.Kind switch
    {
        BlockKind.A => new InceptionBlockA(plan, convs),
        BlockKind.B => new InceptionBlockB(plan, convs),
        BlockKind.C => new InceptionBlockC(plan, convs),
        BlockKind.D => new InceptionBlockD(plan, convs),
        _ => new InceptionBlockE(plan, convs),
    };

    /// <summary>Output side for an input of side <paramref name="size"/> (the reduction blocks halve it).</summary>
    public virtual int OutSize(int size) => size;

    /// <summary>Floats of the temporary buffer one image needs at input side <paramref name="size"/>.</summary>
    public abstract int TempPerImage(int size);

    /// <summary>Runs the block on <paramref name="input"/> into <paramref name="stage"/>; returns the output.</summary>
    public abstract Activation Run(in Activation input, float[] stage, InceptionWorkspace workspace);

    /// <summary>The folded convolution <c>Name.branch</c>.</summary>
    protected FoldedConv Conv(string branch) => Convs[$"{Plan.Name}.{branch}"];

    /// <summary>The 1x1 convolutions <paramref name="branches"/> stacked in that order.</summary>
    protected FoldedConv Stack(params string[] branches) =>
        FoldedConv.Stack($"{Plan.Name}.stacked", [.. branches.Select(Conv)]);

    /// <summary>The output activation of <paramref name="channels"/> channels after the temporaries in <paramref name="stage"/>.</summary>
    protected Activation Output(float[] stage, in Activation input, int channels)
    {
        int size = OutSize(input.Height);
        return Activation.In(stage, StageRowsBefore, channels, input.Images, size, OutSize(input.Width));
    }
}
