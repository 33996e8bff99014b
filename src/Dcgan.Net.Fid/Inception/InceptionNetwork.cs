using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// The folded network up to one feature level, run on a sub-batch of images: each image goes through the
/// preprocessing and the stem on its own (its planes are large enough for full-size products), the stem
/// outputs are gathered channel-major, and the blocks then run on the whole sub-batch at once (so the 17x17
/// and 8x8 layers multiply wide matrices). Each feature is the spatial mean of the level's output.
/// </summary>
internal sealed class InceptionNetwork
{
    private const int PoolKernel = 3;
    private const int PoolStride = 2;

    private readonly FoldedConv[] _stem;
    private readonly InceptionBlock[] _blocks;

    public InceptionNetwork(IReadOnlyDictionary<string, FoldedConv> convs, int dimensions)
    {
        Dimensions = dimensions;
        _stem = [.. InceptionLayout.Stem.Take(InceptionLayout.StemConvolutionsFor(dimensions)).Select(s => convs[s.Prefix])];
        _blocks = [.. InceptionLayout.Blocks.Take(InceptionLayout.BlocksFor(dimensions)).Select(p => InceptionBlock.Create(p, convs))];
    }

    /// <summary>Feature length: 64, 192, 768 or 2048.</summary>
    public int Dimensions { get; }

    /// <summary>
    /// Features of <paramref name="count"/> images starting at <paramref name="first"/> of <paramref name="pixels"/>
    /// ([N, channels, height, width] in [0, 1]) into <paramref name="features"/> [count, Dimensions].
    /// </summary>
    public void Run(ReadOnlySpan<float> pixels, int channels, int height, int width, int first, int count, Span<float> features, InceptionWorkspace workspace, CancellationToken cancellationToken)
    {
        int imageSize = channels * height * width;
        int side = StemSide();
        (float[] stageA, float[] stageB) = _blocks.Length > 0 ? workspace.Stages(StageLength(side, count)) : ([], []);
        var gathered = Activation.In(stageA, 0, _stem[^1].Spec.OutChannels, count, side, side);
        for (int b = 0; b < count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<float> image = pixels.Slice((first + b) * imageSize, imageSize);
            Activation stem = RunStem(image, channels, height, width, workspace);
            if (_blocks.Length == 0)
            {
                InceptionWorkspace.PlaneMeans(stem, features[(b * Dimensions)..], Dimensions);
                continue;
            }

            ReadOnlySpan<float> planes = stem.Span;
            for (int c = 0; c < stem.Channels; c++)
            {
                planes.Slice(c * stem.Plane, stem.Plane).CopyTo(gathered.Span.Slice((c * gathered.RowLength) + (b * gathered.Plane), gathered.Plane));
            }
        }

        if (_blocks.Length == 0)
        {
            return;
        }

        Activation x = gathered;
        float[] target = stageB;
        foreach (InceptionBlock block in _blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            x = block.Run(x, target, workspace);
            target = ReferenceEquals(target, stageA) ? stageB : stageA;
        }

        InceptionWorkspace.PlaneMeans(x, features, Dimensions);
    }

    /// <summary>Preprocessing, then the stem (up to the first pool for 64 features, else the second).</summary>
    private Activation RunStem(ReadOnlySpan<float> image, int channels, int height, int width, InceptionWorkspace workspace)
    {
        const int size = InceptionLayout.InputSize;
        (float[] a, float[] b) = workspace.Stem(StemLength());
        var x = Activation.In(a, 0, 3, 1, size, size);
        InceptionPreprocessing.ToNetworkInput(image, channels, height, width, x.Span, workspace);
        float[] target = b;
        for (int i = 0; i < _stem.Length; i++)
        {
            ConvSpec spec = _stem[i].Spec;
            var y = Activation.In(target, 0, spec.OutChannels, 1, spec.OutHeight(x.Height), spec.OutWidth(x.Width));
            workspace.Conv(_stem[i], x, y);
            x = y;
            target = ReferenceEquals(target, a) ? b : a;

            if (EndsWithPool(i))
            {
                int pooled = Pool2dKernels.OutputSize(x.Height, PoolKernel, PoolStride, 0);
                var p = Activation.In(target, 0, x.Channels, 1, pooled, pooled);
                Pool2dKernels.MaxPool(x.Span, p.Span, x.Channels, x.Height, x.Width, PoolKernel, PoolStride, 0);
                x = p;
                target = ReferenceEquals(target, a) ? b : a;
            }
        }

        return x;
    }

    /// <summary>The two halves of the stem end in a 3x3 stride-2 max pool: after Conv2d_2b_3x3 (the 64 level) and Conv2d_4a_3x3 (192).</summary>
    private static bool EndsWithPool(int stemIndex) => stemIndex is 2 or 4;

    /// <summary>Side of the stem output: 73 for the 64 level, else 35.</summary>
    private int StemSide() => StemSizes().Side;

    /// <summary>Largest stem activation of one image (Conv2d_2b_3x3's 64 x 147 x 147).</summary>
    private int StemLength() => StemSizes().Largest;

    private (int Side, int Largest) StemSizes()
    {
        int side = InceptionLayout.InputSize;
        int largest = 3 * side * side;
        for (int i = 0; i < _stem.Length; i++)
        {
            side = _stem[i].Spec.OutHeight(side);
            largest = Math.Max(largest, _stem[i].Spec.OutChannels * side * side);
            if (EndsWithPool(i))
            {
                side = Pool2dKernels.OutputSize(side, PoolKernel, PoolStride, 0);
            }
        }

        return (side, largest);
    }

    /// <summary>Floats of each stage buffer for <paramref name="images"/> images (the largest block's rows), and sizes the temporaries.</summary>
    private int StageLength(int side, int images)
    {
        int largest = _stem[^1].Spec.OutChannels * side * side;
        foreach (InceptionBlock block in _blocks)
        {
            int outSide = block.OutSize(side);
            largest = Math.Max(largest, (block.StageRowsBefore + block.OutChannels) * outSide * outSide);
            side = outSide;
        }

        return largest * images;
    }
}
