using System.IO.Compression;

namespace Dcgan.Net.Imaging;

/// <summary>Scanline filter choice of the PNG encoder.</summary>
public enum PngFilter
{
    /// <summary>Filter 0 on every row.</summary>
    None = 0,

    /// <summary>Filter 1 (Sub) on every row.</summary>
    Sub = 1,

    /// <summary>Filter 2 (Up) on every row.</summary>
    Up = 2,

    /// <summary>Filter 3 (Average) on every row.</summary>
    Average = 3,

    /// <summary>Filter 4 (Paeth) on every row.</summary>
    Paeth = 4,

    /// <summary>
    /// Per row, the filter whose output has the smallest sum of absolute values (bytes read as signed),
    /// the heuristic the PNG specification recommends.
    /// </summary>
    Adaptive = 5,
}

/// <summary>Settings of <see cref="PngEncoder"/>.</summary>
public sealed class PngEncoderOptions
{
    /// <summary>The options used when none are given: the defaults documented on each property.</summary>
    public static PngEncoderOptions Default { get; } = new();

    /// <summary>
    /// zlib compression level. Default <see cref="System.IO.Compression.CompressionLevel.Optimal"/>. Measured on
    /// 13 images (a 720x477 photo, a 32x32 crop of it, a grid of 64 photo tiles, an MNIST-like 64-sample grid and
    /// screenshots): Optimal wrote the same total size as <see cref="System.IO.Compression.CompressionLevel.SmallestSize"/>
    /// (0.1% smaller) in half the time; SmallestSize was 1-6% smaller on screenshots and the MNIST-like grid
    /// and 1-2% larger on photos.
    /// </summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;

    /// <summary>Scanline filter choice. Default <see cref="PngFilter.Adaptive"/>.</summary>
    public PngFilter Filter { get; init; } = PngFilter.Adaptive;
}
