using Dcgan.Net.Data;
using Dcgan.Net.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Dcgan.Net.Fid.Domain;

/// <summary>
/// Brings MNIST-like images to the classifier's input, [N, 1, 32, 32] in [0, 1], the way the data sets make 32x32
/// images: 32x32 is taken as it is (already padded), 28x28 is padded by 2 black pixels per side, any other size is
/// first resized bilinearly to 28x28 (the content frame of MNIST) and then padded.
/// </summary>
internal static class DomainInput
{
    /// <summary>Pixels may stray this far outside [0, 1] (float rounding of (x + 1) / 2 and of resizes).</summary>
    private const float RangeSlack = 1e-4f;

    private const int ContentSize = 28;

    /// <summary>The transforms from <paramref name="shape"/> to 1x32x32 (none for 1x32x32).</summary>
    /// <exception cref="ArgumentException">The images do not have exactly one channel.</exception>
    public static ImageTransform[] TransformsFor(ImageShape shape, string what)
    {
        if (shape.Channels != 1)
        {
            throw new ArgumentException(
                $"{what}: the domain classifier takes 1-channel (grayscale) images, got shape {shape}.");
        }

        int size = DomainClassifierNetwork.InputSize, pad = (size - ContentSize) / 2;
        if (shape.Height == size && shape.Width == size)
        {
            return [];
        }

        return shape.Height == ContentSize && shape.Width == ContentSize
            ? [ImageTransform.Pad(pad)]
            : [ImageTransform.Resize(ContentSize, ContentSize), ImageTransform.Pad(pad)];
    }

    /// <summary>A view of <paramref name="dataset"/> with 1x32x32 images.</summary>
    /// <exception cref="ArgumentException">The images do not have one channel.</exception>
    public static ImageDataset Prepare(ImageDataset dataset, string what)
    {
        var transforms = TransformsFor(dataset.ImageShape, what);
        return transforms.Length == 0 ? dataset : dataset.WithTransforms(transforms);
    }

    /// <summary>
    /// Checks <paramref name="images"/> ([N, 1, H, W] in [0, 1]) and returns them as [N, 1, 32, 32]: the same tensor
    /// when already that size, else a new one.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is not [N, 1, H, W] with N ≥ 1, or a pixel is outside [0, 1].</exception>
    public static Tensor Prepare(Tensor images, string what)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || images.Size(0) < 1)
        {
            throw new ArgumentException($"{what}: expected images [N, 1, H, W] with N ≥ 1, got [{string.Join(", ", images.Shape.ToArray())}].", nameof(images));
        }

        var shape = new ImageShape(images.Size(1), images.Size(2), images.Size(3));
        var transforms = TransformsFor(shape, what);
        CheckRange(images.AsSpan(), what);
        if (transforms.Length == 0)
        {
            return images;
        }

        int n = images.Size(0), size = DomainClassifierNetwork.InputSize;
        var output = new float[n * size * size];
        var scratch = new float[ContentSize * ContentSize];
        ReadOnlySpan<float> source = images.AsSpan();
        for (int i = 0; i < n; i++)
        {
            var image = source.Slice(i * shape.Size, shape.Size);
            var target = output.AsSpan(i * size * size, size * size);
            if (transforms.Length == 1)
            {
                transforms[0].Apply(image, shape, target);
            }
            else
            {
                transforms[0].Apply(image, shape, scratch);
                transforms[1].Apply(scratch, new ImageShape(1, ContentSize, ContentSize), target);
            }
        }

        return Tensor.Wrap(output, n, 1, size, size);
    }

    /// <summary>Throws when a value is outside [0, 1] (beyond float rounding) or not finite.</summary>
    /// <exception cref="ArgumentException">The message gives the smallest and largest value found.</exception>
    public static void CheckRange(ReadOnlySpan<float> pixels, string what)
    {
        if (pixels.IsEmpty)
        {
            return;
        }

        float min = TensorPrimitives.Min(pixels), max = TensorPrimitives.Max(pixels);
        if (!(min >= -RangeSlack && max <= 1f + RangeSlack))
        {
            throw new ArgumentException(
                $"{what}: pixels must be in [0, 1] (load data sets with PixelScale.ZeroToOne; map a tanh generator's output with (x + 1) / 2), " +
                $"but they range from {min} to {max}.");
        }
    }
}
