using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Fid.Inception;

/// <content>Feature extraction: validation, sub-batches and worker threads.</content>
public sealed partial class InceptionV3
{
    private readonly ConcurrentBag<InceptionWorkspace> _workspaces = [];

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The tensor is not [N, C, H, W] with C in 1..4 and H, W at least 1, or
    /// <paramref name="features"/> holds fewer than N * <see cref="Dimensions"/> values.</exception>
    public void Extract(Tensor images, Span<float> features) => Extract(images, features, null, CancellationToken.None);

    /// <summary>Computes the features of every image, reporting progress and honouring cancellation.</summary>
    /// <param name="images">[N, C, H, W] pixels in [0, 1]; C = 1, 2, 3 or 4 (see the type remarks).</param>
    /// <param name="features">[N, <see cref="Dimensions"/>] row-major destination.</param>
    /// <param name="progress">Receives the number of images done so far after each sub-batch; may be null.</param>
    /// <param name="cancellationToken">Checked between sub-batches and blocks.</param>
    /// <exception cref="ArgumentException">The tensor is not [N, C, H, W] with C in 1..4 and H, W at least 1, or
    /// <paramref name="features"/> holds fewer than N * <see cref="Dimensions"/> values.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; <paramref name="features"/> is then left partly written.</exception>
    public void Extract(Tensor images, Span<float> features, IProgress<int>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        (int count, int channels, int height, int width) = CheckImages(images);
        long needed = (long)count * Dimensions;
        if (features.Length < needed)
        {
            throw new ArgumentException(
                $"{count} images need {needed} feature values ({count} x {Dimensions}), the destination holds {features.Length}.",
                nameof(features));
        }

        if (count == 0)
        {
            return;
        }

        float[] result = ArrayPool<float>.Shared.Rent((int)needed);
        try
        {
            Run(images.Storage, channels, height, width, count, result, progress, cancellationToken);
            result.AsSpan(0, (int)needed).CopyTo(features);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(result);
        }
    }

    /// <summary>Computes the features of every image into a new array.</summary>
    /// <param name="images">[N, C, H, W] pixels in [0, 1].</param>
    /// <returns>[N, <see cref="Dimensions"/>] row-major features.</returns>
    /// <exception cref="ArgumentException">The tensor is not [N, C, H, W] with C in 1..4 and H, W at least 1.</exception>
    public float[] Extract(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var features = new float[(long)CheckImages(images).Count * Dimensions];
        Extract(images, features);
        return features;
    }

    private static (int Count, int Channels, int Height, int Width) CheckImages(Tensor images)
    {
        ReadOnlySpan<int> shape = images.Shape;
        string text = $"[{string.Join(", ", shape.ToArray())}]";
        if (shape.Length != 4)
        {
            throw new ArgumentException($"Images must be a [N, C, H, W] tensor, got shape {text}.", nameof(images));
        }

        if (shape[1] is < 1 or > 4)
        {
            throw new ArgumentException(
                $"Images must have 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels, got {shape[1]} in shape {text}.", nameof(images));
        }

        if (shape[2] < 1 || shape[3] < 1)
        {
            throw new ArgumentException($"Images must be at least 1 x 1 pixels, got shape {text}.", nameof(images));
        }

        return (shape[0], shape[1], shape[2], shape[3]);
    }

    /// <summary>
    /// Splits the images into sub-batches of at most <see cref="MaxSubBatch"/>, as many per worker, and runs them
    /// on min(threads, N) workers. One worker multiplies with all threads; several each multiply on their own.
    /// </summary>
    private void Run(float[] pixels, int channels, int height, int width, int count, float[] result, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        int workers = Math.Min(EngineSettings.ThreadCount, count);
        int chunks = (count + MaxSubBatch - 1) / MaxSubBatch;
        chunks = Math.Min(count, (Math.Max(chunks, workers) + workers - 1) / workers * workers);
        int imageSize = channels * height * width;
        int next = -1;
        int done = 0;

        void Work()
        {
            InceptionWorkspace workspace = _workspaces.TryTake(out InceptionWorkspace? cached) ? cached : new InceptionWorkspace();
            workspace.ParallelGemm = workers == 1;
            try
            {
                int chunk;
                while ((chunk = Interlocked.Increment(ref next)) < chunks)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int first = (int)((long)chunk * count / chunks);
                    int size = (int)((long)(chunk + 1) * count / chunks) - first;
                    _network.Run(
                        pixels.AsSpan(0, count * imageSize), channels, height, width, first, size,
                        result.AsSpan(first * Dimensions, size * Dimensions), workspace, cancellationToken);
                    progress?.Report(Interlocked.Add(ref done, size));
                }
            }
            finally
            {
                _workspaces.Add(workspace);
            }
        }

        if (workers == 1)
        {
            Work();
            return;
        }

        try
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            Exception first = e.InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }
}
