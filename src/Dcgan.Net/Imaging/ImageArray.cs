using Dcgan.Net.Tensors;

namespace Dcgan.Net.Imaging;

/// <summary>
/// N uint8 images of one size held as one array [N, H, W, C] (interleaved, row-major): what clean-fid and many GAN
/// code bases store in NumPy files (<c>np.save("images.npy", x)</c> with x of shape (N, H, W) or (N, H, W, C) and dtype
/// uint8). Reads and writes <c>.npy</c>/<c>.npz</c> (<see cref="Read"/>, <see cref="Save"/>), and converts to and from
/// <see cref="Image"/>s and [N, C, H, W] float tensors.
/// </summary>
/// <remarks>
/// Float conversions use torchvision's conventions: to floats <c>value / 255f</c> (ToTensor), then
/// <c>(x − 0.5f) / 0.5f</c> for [−1, 1]; from floats save_image's rounding (see <see cref="Image.FromChw"/>). Instances
/// are immutable after construction and safe to read from several threads.
/// </remarks>
public sealed partial class ImageArray
{
    private readonly byte[] _data;

    /// <summary>Wraps <paramref name="data"/> (not copied) as <paramref name="count"/> images.</summary>
    /// <param name="data">Samples [N, H, W, C], exactly N·H·W·C bytes.</param>
    /// <param name="count">Number of images N, at least 1.</param>
    /// <param name="height">Height H, at least 1.</param>
    /// <param name="width">Width W, at least 1.</param>
    /// <param name="channels">Channels C: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</param>
    /// <exception cref="ArgumentException">A size is out of range or the length does not match.</exception>
    public ImageArray(byte[] data, int count, int height, int width, int channels)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (channels is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA).");
        }

        long expected = (long)count * height * width * channels;
        if (data.LongLength != expected)
        {
            throw new ArgumentException(
                $"{count} images of {height}x{width}x{channels} need {expected} bytes, got {data.LongLength}.", nameof(data));
        }

        _data = data;
        Count = count;
        Height = height;
        Width = width;
        Channels = channels;
    }

    /// <summary>Number of images N.</summary>
    public int Count { get; }

    /// <summary>Height H of every image.</summary>
    public int Height { get; }

    /// <summary>Width W of every image.</summary>
    public int Width { get; }

    /// <summary>Channels C of every image.</summary>
    public int Channels { get; }

    /// <summary>Bytes per image: H·W·C.</summary>
    public int ImageLength => Height * Width * Channels;

    /// <summary>All samples, [N, H, W, C].</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>Builds an array from 8-bit images that all have the same size and channel count.</summary>
    /// <param name="images">At least one image.</param>
    /// <returns>A new array (the samples are copied).</returns>
    /// <exception cref="ArgumentException">The list is empty, or an image is 16-bit or differs in size or channels from the first.</exception>
    public static ImageArray FromImages(IReadOnlyList<Image> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("An image array needs at least one image.", nameof(images));
        }

        Image first = images[0];
        var data = new byte[(long)images.Count * first.Data.Length];
        for (int i = 0; i < images.Count; i++)
        {
            Image image = images[i] ?? throw new ArgumentException($"Image {i} is null.", nameof(images));
            if (image.BitDepth != 8 || image.Width != first.Width || image.Height != first.Height || image.Channels != first.Channels)
            {
                throw new ArgumentException(
                    $"Image {i} is {image.Width}x{image.Height}x{image.Channels} at {image.BitDepth} bits; every image must be 8-bit " +
                    $"{first.Width}x{first.Height}x{first.Channels} like image 0 (call ToEightBit() for 16-bit images).",
                    nameof(images));
            }

            image.Data.CopyTo(data, (long)i * first.Data.Length);
        }

        return new ImageArray(data, images.Count, first.Height, first.Width, first.Channels);
    }

    /// <summary>Quantises a float tensor [N, C, H, W] to uint8 images as torchvision's save_image does.</summary>
    /// <param name="images">[N, C, H, W] with C from 1 to 4.</param>
    /// <param name="range">Range of the values; <see cref="PixelRange.MinusOneToOne"/> maps (x + 1) / 2 first. Default [0, 1].</param>
    /// <returns>A new array.</returns>
    /// <exception cref="ArgumentException">The tensor is not [N, C, H, W] with 1 to 4 channels.</exception>
    public static ImageArray FromTensor(Tensor images, PixelRange range = PixelRange.ZeroToOne)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || images.Size(0) < 1 || images.Size(1) is < 1 or > 4)
        {
            throw new ArgumentException(
                $"Expected images [N, C, H, W] with N >= 1 and C from 1 to 4, got [{string.Join(", ", images.Shape.ToArray())}].", nameof(images));
        }

        bool symmetric = Image.CheckRange(range);
        int n = images.Size(0), c = images.Size(1), h = images.Size(2), w = images.Size(3);
        int length = c * h * w;
        var data = new byte[(long)n * length];
        ReadOnlySpan<float> values = images.AsSpan();
        for (int i = 0; i < n; i++)
        {
            Image.PlanesToBytes(values.Slice(i * length, length), c, h * w, data.AsSpan(i * length, length), symmetric);
        }

        return new ImageArray(data, n, h, w, c);
    }

    /// <summary>The samples of image <paramref name="index"/>, [H, W, C].</summary>
    /// <param name="index">0 to Count − 1.</param>
    /// <returns>A view of the stored bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public ReadOnlySpan<byte> GetPixels(int index)
    {
        CheckIndex(index, 1);
        return _data.AsSpan(index * ImageLength, ImageLength);
    }

    /// <summary>Image <paramref name="index"/> as an 8-bit <see cref="Image"/> (a copy).</summary>
    /// <param name="index">0 to Count − 1.</param>
    /// <returns>A new image.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public Image GetImage(int index) => new(Width, Height, Channels, GetPixels(index).ToArray());

    /// <summary>All images as <see cref="Image"/>s (copies).</summary>
    /// <returns>Count new images.</returns>
    public Image[] ToImages() => [.. Enumerable.Range(0, Count).Select(GetImage)];

    /// <summary>All images as one float tensor [N, C, H, W] (value / 255f, or [−1, 1]; see the remarks of the type).</summary>
    /// <param name="range">Target range. Default [0, 1].</param>
    /// <returns>A new tensor.</returns>
    public Tensor ToTensor(PixelRange range = PixelRange.ZeroToOne)
    {
        var values = new float[(long)Count * ImageLength];
        CopyToChw(0, Count, values, range);
        return Tensor.Wrap(values, Count, Channels, Height, Width);
    }

    /// <summary>Writes images <paramref name="first"/> to first + count − 1 as float planes [count, C, H, W].</summary>
    /// <param name="first">First image index.</param>
    /// <param name="count">Number of images.</param>
    /// <param name="destination">At least count·C·H·W floats.</param>
    /// <param name="range">Target range. Default [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">The range of images is outside 0 to Count − 1.</exception>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public void CopyToChw(int first, int count, Span<float> destination, PixelRange range = PixelRange.ZeroToOne)
    {
        CheckIndex(first, count);
        int length = ImageLength;
        if (destination.Length < (long)count * length)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} floats; {count} images of [{Channels}, {Height}, {Width}] need {(long)count * length}.",
                nameof(destination));
        }

        bool symmetric = Image.CheckRange(range);
        for (int i = 0; i < count; i++)
        {
            Image.BytesToPlanes(_data.AsSpan((first + i) * length, length), Channels, Height * Width, destination.Slice(i * length, length), symmetric);
        }
    }

    private void CheckIndex(int first, int count)
    {
        if (first < 0 || count < 0 || (long)first + count > Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(first), $"{count} image(s) from index {first} do not fit in the array of {Count} images.");
        }
    }
}
