using Dcgan.Net.Imaging;

namespace Dcgan.Net.Data;

/// <summary>Settings of <see cref="ImageFolderDataset"/>; each property documents its default.</summary>
public sealed class ImageFolderOptions
{
    /// <summary>
    /// Whether each immediate subfolder of the root is a class, as torchvision's <c>ImageFolder</c>: classes are the
    /// subfolder names sorted ordinally, labels their indices, and files directly in the root are not used. Default false
    /// (unlabelled: every image below the root).
    /// </summary>
    public bool LabelsFromSubfolders { get; init; }

    /// <summary>Whether images in nested folders are included (torchvision always includes them). Default true.</summary>
    public bool Recursive { get; init; } = true;

    /// <summary>
    /// File extensions searched, matched ignoring case as torchvision does. Default torchvision's list: jpg, jpeg, png,
    /// ppm, bmp, pgm, tif, tiff, webp. BMP, TIFF and WebP files are listed (so the data set holds the same files as
    /// torchvision's) but cannot be decoded: reading one throws an <see cref="InvalidDataException"/> naming it. Add
    /// "npy" to read one-image NumPy files.
    /// </summary>
    public IReadOnlyList<string> Extensions { get; init; } = ImageFileSearch.TorchvisionExtensions;

    /// <summary>The values delivered. Default <see cref="PixelScale.MinusOneToOne"/>, the range of a tanh generator.</summary>
    public PixelScale Scale { get; init; } = PixelScale.MinusOneToOne;

    /// <summary>How images of another size are resized to the data set's size. Default <see cref="ResizeFilter.Bilinear"/>.</summary>
    public ResizeFilter Resize { get; init; } = ResizeFilter.Bilinear;

    /// <summary>
    /// Memory for keeping prepared images (4 bytes per value) so that later epochs skip decoding. Images are kept first
    /// come, first served until the budget is used; with random access over a set larger than the cache this saves as
    /// many decodes as an evicting cache would, without its bookkeeping. 0 turns caching off. Default 268,435,456 (256 MiB).
    /// </summary>
    public long MaxCacheBytes { get; init; } = 256L << 20;

    /// <summary>Limits for decoding PNG and PGM/PPM files; null for <see cref="ImageDecoderOptions.Default"/>.</summary>
    public ImageDecoderOptions? DecoderOptions { get; init; }

    /// <summary>JPEG decoding options; null for <see cref="JpegDecoderOptions.Default"/>.</summary>
    public JpegDecoderOptions? JpegOptions { get; init; }
}
