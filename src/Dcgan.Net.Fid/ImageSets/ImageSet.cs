using Dcgan.Net.Imaging;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Fid;

/// <summary>
/// Images to compute FID/KID statistics on: a folder, a NumPy array file, tensors in memory or a generator. Every kind
/// delivers its images through <see cref="Batches"/> as float32 [n, C, H, W] in [0, 1] (the convention of
/// <see cref="Features.IFeatureExtractor"/>), in a fixed order, without keeping more than one batch in memory.
/// </summary>
/// <remarks>
/// Consecutive images of the same shape share a batch; a batch ends when it holds the batch size or the next image has
/// another shape, so a folder of mixed sizes works (each image keeps its own size; the feature extractor resizes). The
/// statistics do not depend on how images are batched. Create sets with the static factories.
/// </remarks>
public abstract class ImageSet
{
    private protected ImageSet()
    {
    }

    /// <summary>Number of images.</summary>
    public abstract int Count { get; }

    /// <summary>What the set is, for messages and reports (e.g. "folder 'real/' (10000 files)").</summary>
    public abstract string Description { get; }

    /// <summary>
    /// The images of a folder, as pytorch-fid selects them: files whose names end in "." + an extension (case-sensitive,
    /// as pytorch-fid's glob on Linux, hidden files included, folders never), sorted like pytorch-fid's
    /// <c>sorted(path.glob(...))</c>; recursively in the order of <c>sorted(path.rglob(...))</c> (paths compared folder
    /// by folder). Each image is decoded and converted like PIL's <c>Image.open(f).convert("RGB")</c> (or "L") when it is
    /// read (see <see cref="ImageFile.Load(string, int, ImageDecoderOptions?, JpegDecoderOptions?)"/>); the files are
    /// decoded a batch at a time on all cores.
    /// </summary>
    /// <param name="path">The folder.</param>
    /// <param name="recursive">Whether images in subfolders are included (pytorch-fid: no). Default false.</param>
    /// <param name="extensions">Extensions without dots; null for pytorch-fid's: bmp, jpg, jpeg, pgm, png, ppm, tif, tiff,
    /// webp. BMP, TIFF and WebP files are selected (so the set holds the files pytorch-fid would use) but cannot be
    /// decoded: reading one throws an <see cref="InvalidDataException"/> naming it. Add "npy" for one-image NumPy files.</param>
    /// <param name="channels">3 (RGB, pytorch-fid) or 1 (gray, e.g. for an MNIST classifier's features). Default 3.</param>
    /// <returns>The set; files are listed now and decoded when read.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">No file matches, an extension is empty, or <paramref name="channels"/> is not 1 or 3.</exception>
    public static ImageSet FromFolder(string path, bool recursive = false, IEnumerable<string>? extensions = null, int channels = 3)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckChannels(channels);
        var suffixes = extensions?.ToArray() ?? [.. ImageFileSearch.PytorchFidExtensions];
        var files = ImageFileSearch.Find(path, recursive, suffixes, ignoreCase: false, FileOrder.PathParts);
        if (files.Count == 0)
        {
            throw new ArgumentException(
                $"The folder '{path}' holds no files ending in {string.Join(", ", ImageFileSearch.Suffixes(suffixes))}" +
                $"{(recursive ? " (searched recursively)" : "")}; extensions are case-sensitive, as pytorch-fid's glob is on Linux.",
                nameof(path));
        }

        return new FolderImageSet(path, [.. files], channels);
    }

    /// <summary>
    /// The images of a NumPy file: uint8 (N, H, W) or (N, H, W, C) in a <c>.npy</c> or one member of an <c>.npz</c>, the
    /// layouts clean-fid and many GAN code bases save (see <see cref="ImageArray.Read"/>). Values become value / 255 after
    /// a PIL-like conversion to <paramref name="channels"/>.
    /// </summary>
    /// <param name="path">The .npy or .npz file (read into memory now, one byte per sample).</param>
    /// <param name="member">The .npz member; null takes the only one.</param>
    /// <param name="channels">3 (RGB) or 1 (gray). Default 3.</param>
    /// <returns>The set.</returns>
    /// <exception cref="InvalidDataException">The file is not uint8 images of a supported shape; the message names it.</exception>
    /// <exception cref="ArgumentException"><paramref name="channels"/> is not 1 or 3.</exception>
    public static ImageSet FromArrayFile(string path, string? member = null, int channels = 3)
    {
        CheckChannels(channels);
        return new ArrayImageSet(ImageArray.Read(path, member), channels, $"array file '{path}'");
    }

    /// <summary>The images of an <see cref="ImageArray"/>, converted like PIL to <paramref name="channels"/>.</summary>
    /// <param name="images">The images (not copied).</param>
    /// <param name="channels">3 (RGB) or 1 (gray). Default 3.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException"><paramref name="channels"/> is not 1 or 3.</exception>
    public static ImageSet FromArray(ImageArray images, int channels = 3)
    {
        ArgumentNullException.ThrowIfNull(images);
        CheckChannels(channels);
        return new ArrayImageSet(images, channels, $"image array ({images.Count} images)");
    }

    /// <summary>Images already in memory, [N, C, H, W] (C from 1 to 4, passed on as they are).</summary>
    /// <param name="images">The images (not copied; do not change them while the set is used).</param>
    /// <param name="range">Their range: [0, 1] (default) or [−1, 1], mapped with (x + 1) / 2.</param>
    /// <param name="quantize">Round to 8 bits as saving PNGs with save_image would, before the features. Default false.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">The shape is not [N, C, H, W] with N ≥ 1 and C from 1 to 4, or a value is
    /// NaN, infinite or outside <paramref name="range"/> (the message gives its index).</exception>
    public static ImageSet FromTensor(Tensor images, PixelRange range = PixelRange.ZeroToOne, bool quantize = false) =>
        FromTensors([images], range, quantize);

    /// <summary>Several tensors [Nᵢ, C, H, W] taken in order as one set; their sizes may differ. See <see cref="FromTensor"/>.</summary>
    /// <param name="images">The tensors (not copied).</param>
    /// <param name="range">Their range: [0, 1] (default) or [−1, 1].</param>
    /// <param name="quantize">Round to 8 bits as saving PNGs would. Default false.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">No tensor is given, or one has a bad shape or value (see <see cref="FromTensor"/>).</exception>
    public static ImageSet FromTensors(IEnumerable<Tensor> images, PixelRange range = PixelRange.ZeroToOne, bool quantize = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        return new TensorImageSet([.. images], range, quantize);
    }

    /// <summary>
    /// Samples from a generator, produced batch by batch while the features are computed (no disk round trip, one batch
    /// in memory). <paramref name="generate"/> is called with the number of samples wanted (the batch size, less for the
    /// last batch) and returns them as [n, C, H, W]; it is called under <c>GradMode.NoGrad</c>, and again on every pass
    /// over the set. Values are clamped to <paramref name="range"/> (as save_image clamps) and mapped to [0, 1].
    /// </summary>
    /// <param name="generate">Produces n samples.</param>
    /// <param name="count">Total number of samples, at least 1.</param>
    /// <param name="range">Range of the samples: [−1, 1] (default, a tanh output) or [0, 1].</param>
    /// <param name="quantize">Round to 8 bits as saving the samples as PNGs and reading them back would. Default false.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public static ImageSet FromGenerator(Func<int, Tensor> generate, int count, PixelRange range = PixelRange.MinusOneToOne, bool quantize = false)
    {
        ArgumentNullException.ThrowIfNull(generate);
        return new GeneratorImageSet((_, n) => generate(n), count, range, quantize, "generator delegate");
    }

    /// <summary>
    /// <paramref name="count"/> samples of a Dcgan.Net generator: noise z = <c>generator.SampleNoise(count, new
    /// TensorGenerator(seed))</c>, drawn once so that sample i is the same whatever the batch size, decoded batch by batch
    /// in evaluation mode (batch norm uses its running statistics; the previous mode is restored), without autograd.
    /// Outputs in [−1, 1] are mapped with (x + 1) / 2, optionally quantised as PNGs would be.
    /// </summary>
    /// <param name="generator">The generator.</param>
    /// <param name="count">Number of samples, at least 1 (10,000 or 50,000 for reported FIDs).</param>
    /// <param name="seed">Seed of the noise. Default 0.</param>
    /// <param name="quantize">Round to 8 bits as saving the samples as PNGs and reading them back would. Default false.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or the noise does not fit in one array.</exception>
    public static ImageSet FromGenerator(GeneratorModule generator, int count, ulong seed = 0, bool quantize = false)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int latent = generator.LatentDim;
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)count * latent, Array.MaxLength, nameof(count));
        var noise = new float[count * latent];
        new TensorGenerator(seed).FillNormal(noise, 0f, 1f);
        Tensor Generate(int first, int n)
        {
            var z = Tensor.FromArray(noise.AsSpan(first * latent, n * latent), n, latent, 1, 1);
            return generator.Generate(z);
        }

        return new GeneratorImageSet(Generate, count, PixelRange.MinusOneToOne, quantize, $"{generator.GetType().Name} (seed {seed})");
    }

    /// <summary>
    /// The images in order, as batches [n, C, H, W] in [0, 1] of at most <paramref name="batchSize"/> images of one shape.
    /// </summary>
    /// <param name="batchSize">Largest batch, at least 1.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>A lazy sequence. Batches share storage: each is valid until the next is requested (Clone() to keep one).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="InvalidDataException">While enumerating: a file cannot be decoded (the message names it).</exception>
    /// <exception cref="OperationCanceledException">While enumerating: cancelled.</exception>
    public IEnumerable<Tensor> Batches(int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return EnumerateBatches(batchSize, cancellationToken);
    }

    /// <summary>The batches, see <see cref="Batches"/> (arguments already checked).</summary>
    private protected abstract IEnumerable<Tensor> EnumerateBatches(int batchSize, CancellationToken cancellationToken);

    private static void CheckChannels(int channels)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentException($"Image sets convert files to 1 (gray) or 3 (RGB) channels, not {channels}.", nameof(channels));
        }
    }
}
