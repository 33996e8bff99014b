namespace Dcgan.Net.Data;

/// <summary>How <see cref="ImageFolderDataset"/> brings images of another size to the output size.</summary>
public enum ResizeFilter
{
    /// <summary>
    /// Bilinear without antialiasing, exactly PyTorch's <c>F.interpolate(mode="bilinear", align_corners=False)</c> on the
    /// raw 0-255 values (<see cref="Imaging.ImageResize.Bilinear(ReadOnlySpan{float}, int, int, int, Span{float}, int, int)"/>):
    /// the same as <see cref="ImageTransform.Resize"/> and pytorch-fid's resize. Aliases when shrinking a lot.
    /// </summary>
    Bilinear = 0,

    /// <summary>
    /// PIL's <c>Image.resize(size, BICUBIC)</c> on the 8-bit image (<see cref="Imaging.ImageResize.Bicubic"/>): antialiased
    /// when shrinking, rounded to 8 bits as PIL does. Suits large photographs shrunk to GAN sizes.
    /// </summary>
    Bicubic = 1,
}
