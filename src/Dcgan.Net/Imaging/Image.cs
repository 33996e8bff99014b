namespace Dcgan.Net.Imaging;

/// <summary>
/// A decoded raster image: interleaved samples (height x width x channels), row-major, top row first.
/// 8-bit images hold one byte per sample; 16-bit images hold two bytes per sample, little-endian.
/// </summary>
public sealed partial class Image
{
    /// <summary>Creates an image over <paramref name="data"/> (not copied).</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="channels">Samples per pixel: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</param>
    /// <param name="data">Samples; length must be width * height * channels * (bitDepth / 8).</param>
    /// <param name="bitDepth">8 or 16 bits per sample. Default 8.</param>
    /// <exception cref="ArgumentException">A size is out of range or the data length does not match.</exception>
    public Image(int width, int height, int channels, byte[] data, int bitDepth = 8)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA).");
        }

        if (bitDepth is not (8 or 16))
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "Bit depth must be 8 or 16.");
        }

        long expected = (long)width * height * channels * (bitDepth / 8);
        if (data.LongLength != expected)
        {
            throw new ArgumentException(
                $"A {width}x{height} image with {channels} channel(s) at {bitDepth} bits needs {expected} bytes, got {data.LongLength}.",
                nameof(data));
        }

        Width = width;
        Height = height;
        Channels = channels;
        BitDepth = bitDepth;
        Data = data;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Samples per pixel: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</summary>
    public int Channels { get; }

    /// <summary>Bits per sample: 8 or 16.</summary>
    public int BitDepth { get; }

    /// <summary>Interleaved samples, row-major (16-bit samples little-endian).</summary>
    public byte[] Data { get; }
}
