using System.Runtime.ExceptionServices;
using Dcgan.Net.Data;
using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Fid;

/// <summary>The files of a folder, decoded a batch at a time (see <see cref="ImageSet.FromFolder"/>).</summary>
internal sealed class FolderImageSet(string folder, string[] files, int channels) : ImageSet
{
    public override int Count => files.Length;

    public override string Description => $"folder '{folder}' ({files.Length} files)";

    /// <summary>The selected files, in order.</summary>
    internal IReadOnlyList<string> Files => files;

    private protected override IEnumerable<Tensor> EnumerateBatches(int batchSize, CancellationToken cancellationToken)
    {
        var buffer = new BatchBuffer(batchSize);
        for (int start = 0; start < files.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (Image image in Decode(start, Math.Min(batchSize, files.Length - start), cancellationToken))
            {
                var shape = new ImageShape(image.Channels, image.Height, image.Width);
                if (!buffer.Accepts(shape))
                {
                    yield return buffer.Take();
                }

                image.ToChw(buffer.Add(shape));
            }
        }

        if (buffer.Count > 0)
        {
            yield return buffer.Take();
        }
    }

    /// <summary>Decodes files start .. start + count − 1 in parallel; the first failure in file order is rethrown.</summary>
    private Image[] Decode(int start, int count, CancellationToken cancellationToken)
    {
        var images = new Image[count];
        var failures = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try
            {
                images[i] = ImageFile.Load(files[start + i], channels);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                failures[i] = e;
            }
        });

        Exception? first = Array.Find(failures, f => f is not null);
        if (first is not null)
        {
            ExceptionDispatchInfo.Throw(first);
        }

        return images;
    }
}
