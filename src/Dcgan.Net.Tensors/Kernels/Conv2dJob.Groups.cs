using System.Buffers;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>The per-group bodies: lower a group of images, run one product, spread the result back.</summary>
internal sealed unsafe partial class Conv2dJob
{
    private void RunGroups(int start, int end)
    {
        var scratch = new Scratch(_g, _groupSize);
        try
        {
            for (int q = start; q < end; q++)
            {
                if (_kind == Kind.Forward)
                {
                    ForwardGroup(q, ref scratch);
                }
                else
                {
                    BackwardInputGroup(q, ref scratch);
                }
            }
        }
        finally
        {
            scratch.Dispose();
        }
    }

    private void RunWeightParts(int start, int end)
    {
        var scratch = new Scratch(_g, _groupSize);
        try
        {
            for (int p = start; p < end; p++)
            {
                var partial = new Span<float>(_partials + ((long)p * _g.WeightSize), _g.WeightSize);
                int first = (int)((long)p * _groupCount / _parts);
                int last = (int)((long)(p + 1) * _groupCount / _parts);
                for (int q = first; q < last; q++)
                {
                    WeightGroup(q, partial, accumulate: q > first, ref scratch);
                }
            }
        }
        finally
        {
            scratch.Dispose();
        }
    }

    private void ForwardGroup(int q, ref Scratch scratch)
    {
        Conv2dGeometry g = _g;
        (int n0, int count, int cols) = GroupRange(q);
        ReadOnlySpan<float> b = LowerImages(n0, count, cols, ref scratch);
        var weight = new ReadOnlySpan<float>(_weight, g.WeightSize);

        // [O, cols] = W [O, C*KH*KW] x col [C*KH*KW, cols]
        Span<float> c = count == 1 ? OutputImage(n0) : scratch.Matrix;
        Sgemm.Multiply(false, false, g.OutChannels, cols, g.PatchSize, weight, g.PatchSize, b, cols, c, cols, false, _gemmParallel);
        if (count > 1)
        {
            for (int i = 0; i < count; i++)
            {
                Span<float> image = OutputImage(n0 + i);
                for (int o = 0; o < g.OutChannels; o++)
                {
                    c.Slice((o * cols) + (i * g.OutPlane), g.OutPlane).CopyTo(image.Slice(o * g.OutPlane, g.OutPlane));
                }
            }
        }
    }

    private void BackwardInputGroup(int q, ref Scratch scratch)
    {
        Conv2dGeometry g = _g;
        (int n0, int count, int cols) = GroupRange(q);
        ReadOnlySpan<float> gradOut = GatherGradOutput(n0, count, cols, ref scratch);
        var weight = new ReadOnlySpan<float>(_weight, g.WeightSize);
        if (count == 1 && g.IsPointwise)
        {
            // [C, H*W] (+)= W^T [C, O] x gradOut [O, H*W]
            Sgemm.Multiply(true, false, g.PatchSize, cols, g.OutChannels, weight, g.PatchSize, gradOut, cols, InputImage(n0), cols, _accumulate, _gemmParallel);
            return;
        }

        // col [C*KH*KW, cols] = W^T x gradOut, then each image's column block is folded onto it.
        Span<float> col = scratch.Columns;
        Sgemm.Multiply(true, false, g.PatchSize, cols, g.OutChannels, weight, g.PatchSize, gradOut, cols, col, cols, false, _gemmParallel);
        for (int i = 0; i < count; i++)
        {
            Span<float> image = InputImage(n0 + i);
            if (!_accumulate)
            {
                image.Clear();
            }

            Im2Col.Fold(col[(i * g.OutPlane)..], cols, image, g);
        }
    }

    private void WeightGroup(int q, Span<float> partial, bool accumulate, ref Scratch scratch)
    {
        Conv2dGeometry g = _g;
        (int n0, int count, int cols) = GroupRange(q);
        ReadOnlySpan<float> gradOut = GatherGradOutput(n0, count, cols, ref scratch);
        ReadOnlySpan<float> col = LowerImages(n0, count, cols, ref scratch);

        // gradW [O, C*KH*KW] (+)= gradOut [O, cols] x col^T [cols, C*KH*KW]
        Sgemm.Multiply(false, true, g.OutChannels, g.PatchSize, cols, gradOut, cols, col, cols, partial, g.PatchSize, accumulate, _gemmParallel);
    }

    /// <summary>The im2col matrix [C*KH*KW, cols] of images n0.. side by side (a lone pointwise image is its own).</summary>
    private ReadOnlySpan<float> LowerImages(int n0, int count, int cols, ref Scratch scratch)
    {
        if (count == 1 && _g.IsPointwise)
        {
            return InputImage(n0);
        }

        Span<float> col = scratch.Columns;
        for (int i = 0; i < count; i++)
        {
            Im2Col.Expand(InputImage(n0 + i), col[(i * _g.OutPlane)..], cols, _g);
        }

        return col;
    }

    /// <summary>gradOutput of images n0.. as one [O, cols] matrix (a lone image is already one).</summary>
    private ReadOnlySpan<float> GatherGradOutput(int n0, int count, int cols, ref Scratch scratch)
    {
        if (count == 1)
        {
            return OutputImage(n0);
        }

        Span<float> matrix = scratch.Matrix;
        int plane = _g.OutPlane;
        for (int i = 0; i < count; i++)
        {
            Span<float> image = OutputImage(n0 + i);
            for (int o = 0; o < _g.OutChannels; o++)
            {
                image.Slice(o * plane, plane).CopyTo(matrix.Slice((o * cols) + (i * plane), plane));
            }
        }

        return matrix;
    }

    private (int First, int Count, int Columns) GroupRange(int q)
    {
        int n0 = q * _groupSize;
        int count = Math.Min(_groupSize, _g.Batch - n0);
        return (n0, count, count * _g.OutPlane);
    }

    private Span<float> InputImage(int n) => new(_input + ((long)n * _g.InputImageSize), _g.InputImageSize);

    private Span<float> OutputImage(int n) => new(_output + ((long)n * _g.OutputImageSize), _g.OutputImageSize);

    /// <summary>Pooled scratch of one worker: an im2col matrix and an [O, cols] matrix, rented on first use.</summary>
    private struct Scratch(Conv2dGeometry g, int groupSize)
    {
        private float[]? _columns;
        private float[]? _matrix;

        public Span<float> Columns => _columns ??= ArrayPool<float>.Shared.Rent(g.PatchSize * g.OutPlane * groupSize);

        public Span<float> Matrix => _matrix ??= ArrayPool<float>.Shared.Rent(g.OutChannels * g.OutPlane * groupSize);

        public readonly void Dispose()
        {
            if (_columns is not null)
            {
                ArrayPool<float>.Shared.Return(_columns);
            }

            if (_matrix is not null)
            {
                ArrayPool<float>.Shared.Return(_matrix);
            }
        }
    }
}
