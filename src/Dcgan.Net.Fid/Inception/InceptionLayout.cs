namespace Dcgan.Net.Fid.Inception;

/// <summary>The kinds of Inception block (shared/specs/inception-fid.md section 2.3).</summary>
internal enum BlockKind
{
    /// <summary>FIDInceptionA: 1x1, 5x5, double 3x3, average pool (padding excluded) then 1x1.</summary>
    A,

    /// <summary>torchvision InceptionB: stride-2 3x3, double 3x3 ending in stride 2, max pool.</summary>
    B,

    /// <summary>FIDInceptionC: 1x1, 1x7/7x1, double 7x1/1x7, average pool (padding excluded) then 1x1.</summary>
    C,

    /// <summary>torchvision InceptionD: 3x3 stride 2, 1x7/7x1/3x3 stride 2, max pool.</summary>
    D,

    /// <summary>FIDInceptionE_1: split 1x3/3x1 branches, average pool (padding excluded) then 1x1.</summary>
    E1,

    /// <summary>FIDInceptionE_2: as E_1 but with a 3x3 stride-1 max pool in the pool branch.</summary>
    E2,
}

/// <summary>One Inception block: its kind, state-dict name, input channels and its one free parameter
/// (pool features for A, channels_7x7 for C; unused otherwise).</summary>
internal sealed record BlockPlan(BlockKind Kind, string Name, int InChannels, int Parameter);

/// <summary>
/// The pytorch-fid Inception-v3 (FID variant): the 94 convolutions in state-dict order, the blocks, and which
/// part of the network each feature level needs. Every name and shape is that of torchvision's
/// <c>Inception3(num_classes=1008, aux_logits=False)</c> with pytorch-fid's FID blocks (spec section 2.5).
/// </summary>
internal static class InceptionLayout
{
    /// <summary>Batch-norm epsilon of every BasicConv2d (TensorFlow's value, not PyTorch's default 1e-5).</summary>
    public const double BatchNormEpsilon = 1e-3;

    /// <summary>Side of the square image the network sees.</summary>
    public const int InputSize = 299;

    /// <summary>The classifier's outputs in the weight file (TensorFlow's 1008 classes; not used for features).</summary>
    public const int Classes = 1008;

    /// <summary>The stem: two stride-reducing parts ending in a 3x3 stride-2 max pool each.</summary>
    public static IReadOnlyList<ConvSpec> Stem { get; } =
    [
        ConvSpec.Square("Conv2d_1a_3x3", 3, 32, 3, 2, 0),
        ConvSpec.Square("Conv2d_2a_3x3", 32, 32, 3, 1, 0),
        ConvSpec.Square("Conv2d_2b_3x3", 32, 64, 3, 1, 1),
        ConvSpec.Pointwise("Conv2d_3b_1x1", 64, 80),
        ConvSpec.Square("Conv2d_4a_3x3", 80, 192, 3, 1, 0),
    ];

    /// <summary>Mixed_5b to Mixed_7c in execution order (Mixed_5b to Mixed_6e end at the 768 level).</summary>
    public static IReadOnlyList<BlockPlan> Blocks { get; } =
    [
        new(BlockKind.A, "Mixed_5b", 192, 32),
        new(BlockKind.A, "Mixed_5c", 256, 64),
        new(BlockKind.A, "Mixed_5d", 288, 64),
        new(BlockKind.B, "Mixed_6a", 288, 0),
        new(BlockKind.C, "Mixed_6b", 768, 128),
        new(BlockKind.C, "Mixed_6c", 768, 160),
        new(BlockKind.C, "Mixed_6d", 768, 160),
        new(BlockKind.C, "Mixed_6e", 768, 192),
        new(BlockKind.D, "Mixed_7a", 768, 0),
        new(BlockKind.E1, "Mixed_7b", 1280, 0),
        new(BlockKind.E2, "Mixed_7c", 2048, 0),
    ];

    /// <summary>All 94 convolutions in state-dict order.</summary>
    public static IReadOnlyList<ConvSpec> Convolutions { get; } = [.. Stem, .. Blocks.SelectMany(Specs)];

    /// <summary>The feature levels pytorch-fid offers (its <c>--dims</c>).</summary>
    public static IReadOnlyList<int> Levels { get; } = [64, 192, 768, 2048];

    /// <summary>How many stem convolutions a level needs (the 64 level ends after Conv2d_2b_3x3 and its pool).</summary>
    public static int StemConvolutionsFor(int dimensions) => dimensions == 64 ? 3 : Stem.Count;

    /// <summary>How many of <see cref="Blocks"/> a level needs.</summary>
    public static int BlocksFor(int dimensions) => dimensions switch
    {
        64 or 192 => 0,
        768 => 8,
        _ => Blocks.Count,
    };

    /// <summary>The convolutions a level needs, in state-dict order.</summary>
    public static IEnumerable<ConvSpec> ConvolutionsFor(int dimensions) =>
        Stem.Take(StemConvolutionsFor(dimensions)).Concat(Blocks.Take(BlocksFor(dimensions)).SelectMany(Specs));

    /// <summary>The convolutions of one block, in state-dict order (that is, torchvision's registration order).</summary>
    public static IReadOnlyList<ConvSpec> Specs(BlockPlan block)
    {
        string n = block.Name + ".";
        int c = block.InChannels;
        int p = block.Parameter;
        return block.Kind switch
        {
            BlockKind.A =>
            [
                ConvSpec.Pointwise(n + "branch1x1", c, 64),
                ConvSpec.Pointwise(n + "branch5x5_1", c, 48),
                ConvSpec.Square(n + "branch5x5_2", 48, 64, 5, 1, 2),
                ConvSpec.Pointwise(n + "branch3x3dbl_1", c, 64),
                ConvSpec.Square(n + "branch3x3dbl_2", 64, 96, 3, 1, 1),
                ConvSpec.Square(n + "branch3x3dbl_3", 96, 96, 3, 1, 1),
                ConvSpec.Pointwise(n + "branch_pool", c, p),
            ],
            BlockKind.B =>
            [
                ConvSpec.Square(n + "branch3x3", c, 384, 3, 2, 0),
                ConvSpec.Pointwise(n + "branch3x3dbl_1", c, 64),
                ConvSpec.Square(n + "branch3x3dbl_2", 64, 96, 3, 1, 1),
                ConvSpec.Square(n + "branch3x3dbl_3", 96, 96, 3, 2, 0),
            ],
            BlockKind.C =>
            [
                ConvSpec.Pointwise(n + "branch1x1", c, 192),
                ConvSpec.Pointwise(n + "branch7x7_1", c, p),
                ConvSpec.Row(n + "branch7x7_2", p, p, 7),
                ConvSpec.Column(n + "branch7x7_3", p, 192, 7),
                ConvSpec.Pointwise(n + "branch7x7dbl_1", c, p),
                ConvSpec.Column(n + "branch7x7dbl_2", p, p, 7),
                ConvSpec.Row(n + "branch7x7dbl_3", p, p, 7),
                ConvSpec.Column(n + "branch7x7dbl_4", p, p, 7),
                ConvSpec.Row(n + "branch7x7dbl_5", p, 192, 7),
                ConvSpec.Pointwise(n + "branch_pool", c, 192),
            ],
            BlockKind.D =>
            [
                ConvSpec.Pointwise(n + "branch3x3_1", c, 192),
                ConvSpec.Square(n + "branch3x3_2", 192, 320, 3, 2, 0),
                ConvSpec.Pointwise(n + "branch7x7x3_1", c, 192),
                ConvSpec.Row(n + "branch7x7x3_2", 192, 192, 7),
                ConvSpec.Column(n + "branch7x7x3_3", 192, 192, 7),
                ConvSpec.Square(n + "branch7x7x3_4", 192, 192, 3, 2, 0),
            ],
            _ =>
            [
                ConvSpec.Pointwise(n + "branch1x1", c, 320),
                ConvSpec.Pointwise(n + "branch3x3_1", c, 384),
                ConvSpec.Row(n + "branch3x3_2a", 384, 384, 3),
                ConvSpec.Column(n + "branch3x3_2b", 384, 384, 3),
                ConvSpec.Pointwise(n + "branch3x3dbl_1", c, 448),
                ConvSpec.Square(n + "branch3x3dbl_2", 448, 384, 3, 1, 1),
                ConvSpec.Row(n + "branch3x3dbl_3a", 384, 384, 3),
                ConvSpec.Column(n + "branch3x3dbl_3b", 384, 384, 3),
                ConvSpec.Pointwise(n + "branch_pool", c, 192),
            ],
        };
    }
}
