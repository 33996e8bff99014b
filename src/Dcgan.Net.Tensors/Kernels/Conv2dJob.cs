using System.Buffers;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// One call of a <see cref="Conv2dKernels"/> method: the pinned buffers plus the per-image bodies run by
/// <see cref="ParallelChunks"/>. Cached per calling thread (with its delegates) so a steady-state call does not
/// allocate; a re-entrant call on the same thread gets a fresh one.
/// </summary>
internal sealed unsafe class Conv2dJob
{
    /// <summary>Weight-gradient partial sums: at most this many groups of images.</summary>
    private const int MaxWeightGroups = 8;

    /// <summary>Multiply-adds a group of images should hold before it gets its own partial sum.</summary>
    private const long MinGroupWork = 1L << 20;

    [ThreadStatic]
    private static Conv2dJob? t_idle;

    private readonly Action<int, int> _imagesBody;
    private readonly Action<int, int> _groupsBody;

    private Conv2dGeometry _g;
    private float* _input;
    private float* _weight;
    private float* _output;
    private float* _partials;
    private bool _accumulate;
    private bool _gemmParallel;
    private int _groups;
    private Kind _kind;

    private Conv2dJob()
    {
        _imagesBody = RunImages;
        _groupsBody = RunWeightGroups;
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
        if (_kind == Kind.BackwardWeight)
        {
            ExecuteWeightGradient();
            return;
        }

        // Whole images per worker when there are enough of them; otherwise the products themselves go parallel.
        int threads = EngineSettings.ThreadCount;
        bool byImage = threads > 1 && _g.Batch >= threads;
        _gemmParallel = !byImage;
        int chunk = byImage ? ParallelChunks.ChunkSize(_g.Batch, ImageWork, 1 << 18) : _g.Batch;
        ParallelChunks.For(_g.Batch, chunk, _imagesBody);
    }

    private void ExecuteWeightGradient()
    {
        int weightSize = _g.WeightSize;
        long groups = Math.Clamp(_g.Batch * ImageWork / MinGroupWork, 1, Math.Min(_g.Batch, MaxWeightGroups));
        _groups = (int)groups;
        _gemmParallel = _groups == 1;
        float[]? rented = null;
        try
        {
            if (_groups == 1 && !_accumulate)
            {
                _partials = _weight;
                RunWeightGroups(0, 1);
                return;
            }

            rented = ArrayPool<float>.Shared.Rent(_groups * weightSize);
            fixed (float* partials = rented)
            {
                _partials = partials;
                ParallelChunks.For(_groups, 1, _groupsBody);
                var target = new Span<float>(_weight, weightSize);
                for (int p = 0; p < _groups; p++)
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
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    private void RunImages(int start, int end)
    {
        Conv2dGeometry g = _g;
        float[]? col = g.IsPointwise ? null : ArrayPool<float>.Shared.Rent(g.PatchSize * g.OutPlane);
        try
        {
            for (int n = start; n < end; n++)
            {
                var image = new Span<float>(_input + ((long)n * g.InputImageSize), g.InputImageSize);
                var plane = new Span<float>(_output + ((long)n * g.OutputImageSize), g.OutputImageSize);
                var weight = new ReadOnlySpan<float>(_weight, g.WeightSize);
                if (_kind == Kind.Forward)
                {
                    ReadOnlySpan<float> b = image;
                    if (col is not null)
                    {
                        Im2Col.Expand(image, col, g);
                        b = col;
                    }

                    // [O, OH*OW] = W [O, C*KH*KW] x col [C*KH*KW, OH*OW]
                    Sgemm.Multiply(false, false, g.OutChannels, g.OutPlane, g.PatchSize, weight, g.PatchSize, b, g.OutPlane, plane, g.OutPlane, false, _gemmParallel);
                }
                else if (col is null)
                {
                    // [C, H*W] (+)= W^T [C, O] x gradOut [O, H*W]
                    Sgemm.Multiply(true, false, g.PatchSize, g.OutPlane, g.OutChannels, weight, g.PatchSize, plane, g.OutPlane, image, g.OutPlane, _accumulate, _gemmParallel);
                }
                else
                {
                    // col [C*KH*KW, OH*OW] = W^T x gradOut, then folded onto the image.
                    Sgemm.Multiply(true, false, g.PatchSize, g.OutPlane, g.OutChannels, weight, g.PatchSize, plane, g.OutPlane, col, g.OutPlane, false, _gemmParallel);
                    if (!_accumulate)
                    {
                        image.Clear();
                    }

                    Im2Col.Fold(col, image, g);
                }
            }
        }
        finally
        {
            if (col is not null)
            {
                ArrayPool<float>.Shared.Return(col);
            }
        }
    }

    private void RunWeightGroups(int start, int end)
    {
        Conv2dGeometry g = _g;
        float[]? col = g.IsPointwise ? null : ArrayPool<float>.Shared.Rent(g.PatchSize * g.OutPlane);
        try
        {
            for (int p = start; p < end; p++)
            {
                var partial = new Span<float>(_partials + ((long)p * g.WeightSize), g.WeightSize);
                int first = (int)((long)p * g.Batch / _groups);
                int last = (int)((long)(p + 1) * g.Batch / _groups);
                for (int n = first; n < last; n++)
                {
                    var image = new ReadOnlySpan<float>(_input + ((long)n * g.InputImageSize), g.InputImageSize);
                    var gradOut = new ReadOnlySpan<float>(_output + ((long)n * g.OutputImageSize), g.OutputImageSize);
                    ReadOnlySpan<float> b = image;
                    if (col is not null)
                    {
                        Im2Col.Expand(image, col, g);
                        b = col;
                    }

                    // gradW [O, C*KH*KW] += gradOut [O, OH*OW] x col^T [OH*OW, C*KH*KW]
                    Sgemm.Multiply(false, true, g.OutChannels, g.PatchSize, g.OutPlane, gradOut, g.OutPlane, b, g.OutPlane, partial, g.PatchSize, n > first, _gemmParallel);
                }
            }
        }
        finally
        {
            if (col is not null)
            {
                ArrayPool<float>.Shared.Return(col);
            }
        }
    }
}
