namespace Dcgan.Net.Imaging;

/// <summary>
/// Decodes PNG files (PNG 1.2): every color type and bit depth, palettes with tRNS, Adam7 interlacing,
/// all five filters, CRC-checked chunks.
/// </summary>
/// <remarks>
/// <para>Output layout (an <see cref="Image"/> with 8-bit samples, or 16-bit little-endian samples for
/// 16-bit files):</para>
/// <list type="bullet">
/// <item>Gray at 1, 2 or 4 bits: 1 channel, 8 bits, scaled to 0..255 (x255, x85, x17) as PIL's "L" mode.</item>
/// <item>Gray 8/16, gray+alpha, RGB, RGBA: 1, 2, 3 or 4 channels at the file's depth.</item>
/// <item>Palette: 3 channels (RGB), or 4 (RGBA) when a tRNS chunk is present (missing alpha entries are 255),
/// as PIL's <c>convert("RGBA")</c> gives.</item>
/// <item>Gray or RGB with tRNS: an alpha channel is added (2 or 4 channels) that is 0 where the raw sample(s)
/// equal the tRNS key and fully opaque elsewhere. For 8-bit files this is exactly PIL's
/// <c>convert("LA")</c>/<c>convert("RGBA")</c>. PIL 9.4 compares the key with already-scaled or truncated
/// samples for 1/2/4-bit gray and 16-bit files, so it shows those pixels opaque; this decoder follows the
/// PNG specification there (color values are the same either way).</item>
/// </list>
/// <para>Ancillary chunks other than tRNS (gamma, color profiles, text) are checked for CRC and skipped.
/// A missing IEND and data after the zlib stream are tolerated, as libpng and PIL do.</para>
/// </remarks>
public static partial class PngDecoder
{
    /// <summary>The 8-byte PNG signature.</summary>
    internal static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when <paramref name="data"/> starts with the PNG signature.</summary>
    /// <param name="data">The first bytes of a file (at least 8 for a positive answer).</param>
    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <summary>Decodes a PNG file held in memory.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="options">Limits; <see cref="ImageDecoderOptions.Default"/> when null.</param>
    /// <returns>The decoded image (layout in the type's remarks).</returns>
    /// <exception cref="InvalidDataException">The file is malformed, truncated, fails a CRC, or exceeds a limit;
    /// the message names the chunk and byte offset.</exception>
    public static Image Decode(ReadOnlyMemory<byte> data, ImageDecoderOptions? options = null)
    {
        options ??= ImageDecoderOptions.Default;
        options.Validate();
        var layout = PngLayout.Read(data.Span, options);
        return DecodePixels(data, layout);
    }

    /// <summary>Decodes a PNG file read from <paramref name="stream"/> (read to its end).</summary>
    /// <param name="stream">A readable stream positioned at the signature.</param>
    /// <param name="options">Limits; <see cref="ImageDecoderOptions.Default"/> when null.</param>
    /// <returns>The decoded image.</returns>
    /// <exception cref="InvalidDataException">The data is malformed or exceeds a limit.</exception>
    public static Image Decode(Stream stream, ImageDecoderOptions? options = null)
    {
        options ??= ImageDecoderOptions.Default;
        options.Validate();
        return Decode(ImageInput.ReadAll(stream, options), options);
    }

    /// <summary>Decodes the PNG file at <paramref name="path"/>.</summary>
    /// <param name="path">File path.</param>
    /// <param name="options">Limits; <see cref="ImageDecoderOptions.Default"/> when null.</param>
    /// <returns>The decoded image.</returns>
    /// <exception cref="InvalidDataException">The file is malformed or exceeds a limit.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Image DecodeFile(string path, ImageDecoderOptions? options = null)
    {
        options ??= ImageDecoderOptions.Default;
        options.Validate();
        return Decode(ImageInput.ReadFile(path, options), options);
    }
}
