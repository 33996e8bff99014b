namespace Dcgan.Net.Imaging;

/// <summary>Options of <see cref="JpegDecoder"/>. The defaults suit decoding photographs for training and FID.</summary>
public sealed class JpegDecoderOptions
{
    /// <summary>The options used when none are given.</summary>
    public static JpegDecoderOptions Default { get; } = new();

    /// <summary>
    /// Largest accepted width x height. Files declaring more pixels are rejected with
    /// <see cref="InvalidDataException"/> before any image-sized memory is allocated. Decoding holds about
    /// 3 bytes per pixel of component planes and 3 of output (9 more for progressive files, which keep all
    /// coefficients), plus one unstuffed copy of the entropy-coded data. Default 67,108,864 (8192 x 8192).
    /// </summary>
    public long MaxPixelCount { get; init; } = 8192L * 8192;

    /// <summary>
    /// Largest number of bytes read from a <see cref="Stream"/>; longer streams are rejected with
    /// <see cref="InvalidDataException"/>. Default 268,435,456 (256 MiB).
    /// </summary>
    public long MaxStreamLength { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Largest number of scans (SOS segments) accepted. A progressive scan can cover the whole image with a
    /// few bytes of end-of-band runs, so this bounds decoding time on hostile files; ordinary progressive
    /// files have about 10 scans. Default 1000.
    /// </summary>
    public int MaxScanCount { get; init; } = 1000;

    /// <summary>
    /// When true, the EXIF orientation tag (0x0112 in an APP1 "Exif" segment) is applied: the image is
    /// rotated and/or mirrored to display upright, as PIL's <c>ImageOps.exif_transpose</c> does. Default
    /// false: pixels are returned as stored, as <c>PIL.Image.open(...)</c> returns them.
    /// </summary>
    public bool ApplyExifOrientation { get; init; }

    /// <summary>Whether SIMD kernels may be used (tests turn them off to compare with the scalar reference). Default true.</summary>
    internal bool UseSimd { get; init; } = true;
}
