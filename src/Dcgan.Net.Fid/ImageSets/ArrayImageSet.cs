using Dcgan.Net.Data;
using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Fid;

/// <summary>The images of an <see cref="ImageArray"/> (see <see cref="ImageSet.FromArrayFile"/>).</summary>
internal sealed class ArrayImageSet(ImageArray images, int channels, string description) : ImageSet
{
    public override int Count => images.Count;

    public override string Description => description;

    private protected override IEnumerable<Tensor> EnumerateBatches(int batchSize, CancellationToken cancellationToken)
    {
        var buffer = new BatchBuffer(batchSize);
        var shape = new ImageShape(channels, images.Height, images.Width);
        for (int i = 0; i < images.Count; i++)
        {
            if (!buffer.Accepts(shape))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return buffer.Take();
            }

            Span<float> slot = buffer.Add(shape);
            if (images.Channels == channels)
            {
                images.CopyToChw(i, 1, slot);
            }
            else
            {
                Image image = images.GetImage(i);
                (channels == 1 ? image.ToGrayscale() : image.ToRgb()).ToChw(slot);
            }
        }

        yield return buffer.Take();
    }
}
