using Dcgan.Net.Tensors.Autograd;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>
/// Fused training-mode batch normalisation over [N, C, *] with batch statistics (biased variance for the
/// normalisation, unbiased for the running variance, as PyTorch). Statistics are accumulated in float64.
/// Its backward is fused too. When the backward pass records a graph (create-graph mode, for R1 and WGAN-GP
/// through a batch-normalised discriminator) the same formula is written with differentiable primitives instead,
/// with the batch statistics recomputed from the input so that their dependence on it is part of the graph.
/// </summary>
internal static class BatchNormOp
{
    public static Tensor Training(Tensor x, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar, float momentum, float eps)
    {
        int n = x.ShapeArray[0], c = x.ShapeArray[1];
        int spatial = x.Count / Math.Max(1, n * c);
        int m = n * spatial;
        if (m < 2)
        {
            throw new ArgumentException($"Batch norm in training mode needs more than one value per channel; input shape is {ShapeUtil.Format(x.Shape)}.");
        }

        var mean = TensorArena.Allocate(c);
        var invStd = TensorArena.Allocate(c);
        var y = TensorArena.Allocate(x.Count);
        float[] xs = x.Storage;
        float[]? w = weight?.Storage, b = bias?.Storage;
        ParallelChunks.For(c, ParallelChunks.ChunkSize(c, m * 4L), (start, end) =>
        {
            for (int ch = start; ch < end; ch++)
            {
                double sum = 0, sumSq = 0;
                for (int i = 0; i < n; i++)
                {
                    sum += ChannelStats.Sum(xs.AsSpan(((i * c) + ch) * spatial, spatial));
                }

                double mu = sum / m;
                for (int i = 0; i < n; i++)
                {
                    sumSq += ChannelStats.SquaredDeviation(xs.AsSpan(((i * c) + ch) * spatial, spatial), mu);
                }

                double variance = sumSq / m;
                float istd = (float)(1.0 / Math.Sqrt(variance + eps));
                mean[ch] = (float)mu;
                invStd[ch] = istd;
                float scale = (w?[ch] ?? 1f) * istd;
                float shift = (b?[ch] ?? 0f) - ((float)mu * scale);
                for (int i = 0; i < n; i++)
                {
                    int off = ((i * c) + ch) * spatial;
                    Elementwise.ScaleShift(xs.AsSpan(off, spatial), scale, shift, y.AsSpan(off, spatial));
                }

                if (runningMean is not null && runningVar is not null)
                {
                    runningMean.Storage[ch] = ((1 - momentum) * runningMean.Storage[ch]) + (momentum * (float)mu);
                    runningVar.Storage[ch] = ((1 - momentum) * runningVar.Storage[ch]) + (momentum * (float)(sumSq / (m - 1)));
                }
            }
        });

        bool record = Node.ShouldRecord(x, weight, bias);
        return Tensor.FromOp(y, x.ShapeArray, record ? new BatchNormNode(x, weight, bias, mean, invStd, eps) : null);
    }

    private sealed class BatchNormNode(Tensor x, Tensor? weight, Tensor? bias, float[] mean, float[] invStd, float eps) : Node(x, weight, bias)
    {
        public override string Name => "BatchNorm2d(training)";

        public override Tensor?[] Backward(Tensor gradOutput)
        {
            if (GradMode.IsEnabled)
            {
                return DifferentiableBackward(gradOutput);
            }

            int n = x.ShapeArray[0], c = x.ShapeArray[1];
            int spatial = x.Count / Math.Max(1, n * c);
            int m = n * spatial;
            float[] xs = x.Storage, gs = gradOutput.Storage;
            float[]? w = weight?.Storage;
            var dx = Needs(0) ? TensorArena.Allocate(x.Count) : null;
            var dw = TensorArena.Allocate(c);
            var db = TensorArena.Allocate(c);
            ParallelChunks.For(c, ParallelChunks.ChunkSize(c, m * 4L), (start, end) =>
            {
                for (int ch = start; ch < end; ch++)
                {
                    double sumG = 0, sumGx = 0;
                    float mu = mean[ch], istd = invStd[ch];
                    for (int i = 0; i < n; i++)
                    {
                        int off = ((i * c) + ch) * spatial;
                        ChannelStats.GradientSums(gs.AsSpan(off, spatial), xs.AsSpan(off, spatial), mu, istd, ref sumG, ref sumGx);
                    }

                    dw[ch] = (float)sumGx;
                    db[ch] = (float)sumG;
                    if (dx is null)
                    {
                        continue;
                    }

                    // dx = w * istd * (g - mean(g) - xhat * mean(g * xhat))
                    float scale = (w?[ch] ?? 1f) * istd;
                    float meanG = (float)(sumG / m), meanGx = (float)(sumGx / m);
                    for (int i = 0; i < n; i++)
                    {
                        int off = ((i * c) + ch) * spatial;
                        ChannelStats.InputGradient(gs.AsSpan(off, spatial), xs.AsSpan(off, spatial), mu, istd, scale, meanG, meanGx, dx.AsSpan(off, spatial));
                    }
                }
            });

            return
            [
                dx is null ? null : Tensor.Wrap(dx, x.ShapeArray),
                Needs(1) ? Tensor.Wrap(dw, [c]) : null,
                Needs(2) ? Tensor.Wrap(db, [c]) : null,
            ];
        }

        /// <summary>
        /// The backward formula of <see cref="Backward"/> in primitives, for create-graph mode: with
        /// x_hat = (x - mean) * istd over the batch and spatial dimensions,
        /// dx = w * istd * (g - mean(g) - x_hat * mean(g * x_hat)), dw = sum(g * x_hat), db = sum(g).
        /// </summary>
        private Tensor?[] DifferentiableBackward(Tensor gradOutput)
        {
            int rank = x.Rank, c = x.ShapeArray[1];
            int[] dims = [0, .. Enumerable.Range(2, rank - 2)];
            var channelShape = Enumerable.Repeat(1, rank).ToArray();
            channelShape[1] = c;

            var centered = x.Sub(x.Mean(dims, keepDim: true));                                  // [N, C, *]
            var istd = centered.Mul(centered).Mean(dims, keepDim: true).AddScalar(eps).Pow(-0.5f); // [1, C, 1...]
            var xHat = centered.Mul(istd);
            var gradXHat = gradOutput.Mul(xHat);
            Tensor? dx = null;
            if (Needs(0))
            {
                var inner = gradOutput.Sub(gradOutput.Mean(dims, keepDim: true)).Sub(xHat.Mul(gradXHat.Mean(dims, keepDim: true)));
                var scale = weight is null ? istd : istd.Mul(weight.Reshape(channelShape));
                dx = inner.Mul(scale);
            }

            return
            [
                dx,
                Needs(1) ? gradXHat.Sum(dims) : null,
                Needs(2) ? gradOutput.Sum(dims) : null,
            ];
        }
    }
}
