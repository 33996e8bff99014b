namespace Dcgan.Net.Imaging;

/// <summary>
/// An image file format recognised by its first bytes (<see cref="ImageFile.DetectFormat"/>). Only
/// <see cref="Png"/>, <see cref="Jpeg"/>, <see cref="Pnm"/> and <see cref="Npy"/> can be decoded; the others are
/// recognised so that the error can say what a file is.
/// </summary>
public enum ImageFileFormat
{
    /// <summary>None of the formats below.</summary>
    Unknown = 0,

    /// <summary>PNG (decoded by <see cref="PngDecoder"/>).</summary>
    Png,

    /// <summary>JPEG / JFIF / EXIF (decoded by <see cref="JpegDecoder"/>).</summary>
    Jpeg,

    /// <summary>Netpbm PGM or PPM, ASCII or binary (P2, P3, P5, P6; decoded by <see cref="PnmDecoder"/>).</summary>
    Pnm,

    /// <summary>A NumPy <c>.npy</c> array holding one uint8 image, (H, W) or (H, W, C), as clean-fid reads them.</summary>
    Npy,

    /// <summary>Windows bitmap (not decoded).</summary>
    Bmp,

    /// <summary>GIF (not decoded).</summary>
    Gif,

    /// <summary>TIFF (not decoded).</summary>
    Tiff,

    /// <summary>WebP (not decoded).</summary>
    WebP,
}
