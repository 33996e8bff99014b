using System.Buffers;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// One call of a <see cref="Conv2dKernels"/> method: the pinned buffers and how the work is split.
/// <list type="bullet">
/// <item>A kernel that covers the whole unpadded image is a dense layer: one product over the batch.</item>
/// <item>Otherwise images are lowered in groups of <c>S</c> placed side by side, S chosen from the sizes so the
/// product has at least <see cref="TargetColumns"/> columns (small feature maps would starve the micro-kernel).</item>
/// <item>Groups run in parallel when there are enough of them, else the products themselves go parallel.
/// Weight gradients are summed per fixed part (a run of groups, in order) and the parts added in order.</item>
/// </list>
/// Every split depends only on the sizes, so results do not depend on the thread count. Cached per calling
/// thread with its delegates, so a steady-state call does not allocate; scratch comes from the shared array pool.
/// </summary>
internal sealed unsafe partial class Conv2dJob
{
    private const int TargetColumns = 256;
    private const int MaxWeightParts = 8;
    private const long MinPartWork = 1L << 20;

    [ThreadStatic]
    private static Conv2dJob? t_idle;

    private readonly Action<int, int> _groupsBody;
    private readonly Action<int, int> _partsBody;

    private Conv2dGeometry _g;
    private float* _input;
    private float* _weight;
    private float* _output;
    private float* _partials;
    private bool _accumulate;
    private bool _gemmParallel;
    private int _groupSize;
    private int _groupCount;
    private int _parts;
    private Kind _kind;

    private Conv2dJob()
    {
        _groupsBody = RunGroups;
        _partsBody = RunWeightParts;
    }

    internal enum Kind
    {
        Forward,
        BackwardInput,
        BackwardWeight,
    }

    /// <summary>
    /// Runs <paramref name="kind"/>. <paramref name="input"/> is the [N, C, H, W] side (the input, or gradInput),
    /// <paramref name="weight"/> the weight (or gradWeight), <paramref name="output"/> the [N, O, OH, OW] side
    /// (the output, or gradOutput).
    /// </summary>
    public static void Run(Kind kind, in Conv2dGeometry g, float* input, float* weight, float* output, bool accumulate)
    {
        Conv2dJob job = t_idle ?? new Conv2dJob();
        t_idle = null;
        try
        {
            job._kind = kind;
            job._g = g;
            job._input = input;
            job._weight = weight;
            job._output = output;
            job._accumulate = accumulate;
            job.Execute();
        }
        finally
        {
            job._input = job._weight = job._output = job._partials = null;
            t_idle = job;
        }
    }

    private long ImageWork => (long)_g.OutChannels * _g.PatchSize * _g.OutPlane;

    private void Execute()
    {
        Conv2dGeometry g = _g;
        if (g.OutPlane == 1 && g.PadH == 0 && g.PadW == 0 && g.KernelH == g.Height && g.KernelW == g.Width)
        {
            RunDense();
            return;
        }

        _groupSize = g.OutPlane >= TargetColumns ? 1 : Math.Min(g.Batch, (TargetColumns + g.OutPlane - 1) / g.OutPlane);
        _groupCount = (g.Batch + _groupSize - 1) / _groupSize;
        if (_kind == Kind.BackwardWeight)
        {
            RunWeightGradient();
            return;
        }

        int threads = EngineSettings.ThreadCount;
        bool byGroup = threads > 1 && _groupCount >= threads;
        _gemmParallel = !byGroup;
        int chunk = byGroup ? ParallelChunks.ChunkSize(_groupCount, ImageWork * _groupSize, 1 << 18) : _groupCount;
        ParallelChunks.For(_groupCount, chunk, _groupsBody);
    }

    /// <summary>The im2col matrix of an image is the image itself: [N, C*KH*KW] rows against the weight.</summary>
    private void RunDense()
    {
        Conv2dGeometry g = _g;
        int n = g.Batch, o = g.OutChannels, patch = g.PatchSize;
        var weight = new Span<float>(_weight, g.WeightSize);
        var images = new Span<float>(_input, n * patch);
        var outputs = new Span<float>(_output, n * o);
        switch (_kind)
        {
            case Kind.Forward:
                // out [N, O] = x [N, CKK] x W^T
                Sgemm.Multiply(false, true, n, o, patch, images, patch, weight, patch, outputs, o, false);
                break;
            case Kind.BackwardInput:
                // gradX [N, CKK] (+)= gradOut [N, O] x W [O, CKK]
                Sgemm.Multiply(false, false, n, patch, o, outputs, o, weight, patch, images, patch, _accumulate);
                break;
            default:
                // gradW [O, CKK] (+)= gradOut^T [O, N] x x [N, CKK]
                Sgemm.Multiply(true, false, o, patch, n, outputs, o, images, patch, weight, patch, _accumulate);
                break;
        }
    }

    private void RunWeightGradient()
    {
        int weightSize = _g.WeightSize;
        _parts = (int)Math.Clamp(_g.Batch * ImageWork / MinPartWork, 1, Math.Min(_groupCount, MaxWeightParts));
        _gemmParallel = _parts == 1;
        if (_parts == 1 && !_accumulate)
        {
            _partials = _weight;
            RunWeightParts(0, 1);
            return;
        }

        float[] rented = ArrayPool<float>.Shared.Rent(_parts * weightSize);
        try
        {
            fixed (float* partials = rented)
            {
                _partials = partials;
                ParallelChunks.For(_parts, 1, _partsBody);
                var target = new Span<float>(_weight, weightSize);
                for (int p = 0; p < _parts; p++)
                {
                    var partial = new ReadOnlySpan<float>(partials + ((long)p * weightSize), weightSize);
                    if (p == 0 && !_accumulate)
                    {
                        partial.CopyTo(target);
                    }
                    else
                    {
                        Im2Col.AddInto(partial, target);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
