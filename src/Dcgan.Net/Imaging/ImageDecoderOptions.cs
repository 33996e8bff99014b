namespace Dcgan.Net.Imaging;

/// <summary>
/// Limits applied while decoding untrusted image files (PNG, PPM/PGM). A file that exceeds a limit is
/// rejected with <see cref="System.IO.InvalidDataException"/> before the large buffer is allocated.
/// </summary>
public sealed class ImageDecoderOptions
{
    /// <summary>The options used when none are given: the defaults documented on each property.</summary>
    public static ImageDecoderOptions Default { get; } = new();

    /// <summary>
    /// Largest accepted width x height. Default 100,000,000 (100 megapixels), which bounds the decoded
    /// image to at most 800 MB (RGBA at 16 bits per sample) plus a few scanlines of scratch memory.
    /// </summary>
    public long MaxPixelCount { get; init; } = 100_000_000;

    /// <summary>
    /// Largest accepted input when reading from a <see cref="System.IO.Stream"/> or a file.
    /// Default 1 GiB (1,073,741,824 bytes). Does not apply to data already in memory.
    /// </summary>
    public long MaxInputBytes { get; init; } = 1L << 30;

    /// <summary>Throws when a limit is not positive.</summary>
    internal void Validate()
    {
        if (MaxPixelCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPixelCount), MaxPixelCount, "MaxPixelCount must be at least 1.");
        }

        if (MaxInputBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInputBytes), MaxInputBytes, "MaxInputBytes must be at least 1.");
        }
    }
}
