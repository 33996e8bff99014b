using System.Runtime.InteropServices;
using Dcgan.Net.Imaging.Jpeg;

namespace Dcgan.Net.Imaging;

/// <summary>
/// One entry point for image files: the format is recognised from the content (not the extension) and the file is
/// decoded with <see cref="PngDecoder"/>, <see cref="JpegDecoder"/>, <see cref="PnmDecoder"/> or, for a NumPy
/// <c>.npy</c> image, <see cref="ImageArray"/>. The <c>channels</c> overloads also convert the way PIL's
/// <c>Image.open(path).convert("L")</c> / <c>convert("RGB")</c> does, which is how torchvision's ImageFolder and
/// pytorch-fid read images.
/// </summary>
/// <remarks>
/// Every failure to decode is an <see cref="InvalidDataException"/> whose message starts with the file's path (for
/// <see cref="Load(string, ImageDecoderOptions?, JpegDecoderOptions?)"/>): malformed or truncated data (the decoder's
/// message names the chunk or offset), files over a limit of the options, JPEG features this library does not decode
/// (the inner exception is the decoder's <see cref="NotSupportedException"/>), and formats it does not decode at all
/// (BMP, GIF, TIFF, WebP and others), named by what their first bytes look like. The methods are thread-safe.
/// </remarks>
public static partial class ImageFile
{
    /// <summary>Recognises the format of a file from its first bytes (16 are enough).</summary>
    /// <param name="header">The start of the file.</param>
    /// <returns>The format, or <see cref="ImageFileFormat.Unknown"/>.</returns>
    public static ImageFileFormat DetectFormat(ReadOnlySpan<byte> header)
    {
        if (PngDecoder.IsPng(header))
        {
            return ImageFileFormat.Png;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageFileFormat.Jpeg;
        }

        if (PnmDecoder.IsPnm(header))
        {
            return ImageFileFormat.Pnm;
        }

        if (header.StartsWith(Tensors.Serialization.NpyFile.Magic))
        {
            return ImageFileFormat.Npy;
        }

        if (header.StartsWith("BM"u8))
        {
            return ImageFileFormat.Bmp;
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return ImageFileFormat.Gif;
        }

        if (header.StartsWith("II*\0"u8) || header.StartsWith("MM\0*"u8) || header.StartsWith("II+\0"u8) || header.StartsWith("MM\0+"u8))
        {
            return ImageFileFormat.Tiff;
        }

        return header.Length >= 12 && header.StartsWith("RIFF"u8) && header.Slice(8, 4).SequenceEqual("WEBP"u8)
            ? ImageFileFormat.WebP
            : ImageFileFormat.Unknown;
    }

    /// <summary>Whether <paramref name="format"/> can be decoded (PNG, JPEG, PGM/PPM, NumPy .npy).</summary>
    /// <param name="format">A detected format.</param>
    /// <returns>True for the decodable formats.</returns>
    public static bool CanDecode(ImageFileFormat format) =>
        format is ImageFileFormat.Png or ImageFileFormat.Jpeg or ImageFileFormat.Pnm or ImageFileFormat.Npy;

    /// <summary>Decodes the image file at <paramref name="path"/> as stored (channels and bit depth of the file).</summary>
    /// <param name="path">File path; the extension is ignored.</param>
    /// <param name="options">Limits for PNG, PGM/PPM and the file size; <see cref="ImageDecoderOptions.Default"/> when null.</param>
    /// <param name="jpegOptions">JPEG options; <see cref="JpegDecoderOptions.Default"/> when null.</param>
    /// <returns>The decoded image (layouts: see each decoder).</returns>
    /// <exception cref="InvalidDataException">The file cannot be decoded; the message names the file and the problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Image Load(string path, ImageDecoderOptions? options = null, JpegDecoderOptions? jpegOptions = null) =>
        LoadCore(path, options, jpegOptions).Image;

    /// <summary>
    /// Decodes the image file at <paramref name="path"/> and converts it as PIL's
    /// <c>Image.open(path).convert("L")</c> (<paramref name="channels"/> 1) or <c>convert("RGB")</c> (3) does.
    /// </summary>
    /// <remarks>
    /// The conversion follows Pillow 9.4 (checked on every fixture of the PNG, PNM and image-file tests): 16-bit gray
    /// (PIL's "I" mode) is clipped at 255; 16-bit colour PNGs keep the high byte of each sample (PIL opens them as 8-bit);
    /// 16-bit PPMs are rescaled to round(v · 255 / maxval); alpha is dropped without compositing; gray is replicated to
    /// RGB, and RGB becomes gray with PIL's fixed-point ITU-R 601 weights (see <see cref="Image.ToGrayscale"/>). One known
    /// difference: PIL ignores the tRNS chunk of 16-bit gray PNGs and clips them, while this conversion takes the high
    /// byte, as for any gray+alpha image.
    /// </remarks>
    /// <param name="path">File path; the extension is ignored.</param>
    /// <param name="channels">1 (PIL "L") or 3 (PIL "RGB").</param>
    /// <param name="options">Limits for PNG, PGM/PPM and the file size; <see cref="ImageDecoderOptions.Default"/> when null.</param>
    /// <param name="jpegOptions">JPEG options; <see cref="JpegDecoderOptions.Default"/> when null.</param>
    /// <returns>An 8-bit image with <paramref name="channels"/> channels.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is not 1 or 3.</exception>
    /// <exception cref="InvalidDataException">The file cannot be decoded; the message names the file and the problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Image Load(string path, int channels, ImageDecoderOptions? options = null, JpegDecoderOptions? jpegOptions = null)
    {
        CheckChannels(channels);
        var (image, format) = LoadCore(path, options, jpegOptions);
        return ConvertLikePil(image, format, channels);
    }

    /// <summary>Decodes an image file held in memory, as stored; see <see cref="Load(string, ImageDecoderOptions?, JpegDecoderOptions?)"/>.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="options">Limits for PNG and PGM/PPM; <see cref="ImageDecoderOptions.Default"/> when null.</param>
    /// <param name="jpegOptions">JPEG options; <see cref="JpegDecoderOptions.Default"/> when null.</param>
    /// <returns>The decoded image.</returns>
    /// <exception cref="InvalidDataException">The data cannot be decoded.</exception>
    public static Image Decode(ReadOnlyMemory<byte> data, ImageDecoderOptions? options = null, JpegDecoderOptions? jpegOptions = null) =>
        DecodeCore(data, null, Validated(options), jpegOptions).Image;

    /// <summary>
    /// Decodes an image file held in memory and converts it to 1 or 3 channels as PIL does; see
    /// <see cref="Load(string, int, ImageDecoderOptions?, JpegDecoderOptions?)"/>.
    /// </summary>
    /// <param name="data">The whole file.</param>
    /// <param name="channels">1 (PIL "L") or 3 (PIL "RGB").</param>
    /// <param name="options">Limits for PNG and PGM/PPM; <see cref="ImageDecoderOptions.Default"/> when null.</param>
    /// <param name="jpegOptions">JPEG options; <see cref="JpegDecoderOptions.Default"/> when null.</param>
    /// <returns>An 8-bit image with <paramref name="channels"/> channels.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is not 1 or 3.</exception>
    /// <exception cref="InvalidDataException">The data cannot be decoded.</exception>
    public static Image Decode(ReadOnlyMemory<byte> data, int channels, ImageDecoderOptions? options = null, JpegDecoderOptions? jpegOptions = null)
    {
        CheckChannels(channels);
        var (image, format) = DecodeCore(data, null, Validated(options), jpegOptions);
        return ConvertLikePil(image, format, channels);
    }

    private static (Image Image, ImageFileFormat Format) LoadCore(string path, ImageDecoderOptions? options, JpegDecoderOptions? jpegOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options = Validated(options);
        byte[] data;
        try
        {
            data = ImageInput.ReadFile(path, options);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }

        return DecodeCore(data, path, options, jpegOptions);
    }

    private static (Image Image, ImageFileFormat Format) DecodeCore(
        ReadOnlyMemory<byte> data, string? source, ImageDecoderOptions options, JpegDecoderOptions? jpegOptions)
    {
        string prefix = source is null ? "" : $"'{source}': ";
        var format = DetectFormat(data.Span);
        try
        {
            Image image = format switch
            {
                ImageFileFormat.Png => PngDecoder.Decode(data, options),
                ImageFileFormat.Jpeg => DecodeJpeg(data, jpegOptions ?? JpegDecoderOptions.Default),
                ImageFileFormat.Pnm => PnmDecoder.Decode(data.Span, options),
                ImageFileFormat.Npy => ImageArray.DecodeSingleImage(data, options),
                _ => throw new InvalidDataException(DescribeUndecodable(format, data.Span)),
            };
            return (image, format);
        }
        catch (InvalidDataException e)
        {
            throw source is null ? e : new InvalidDataException(prefix + e.Message, e);
        }
        catch (NotSupportedException e)
        {
            throw new InvalidDataException($"{prefix}the JPEG file uses a feature this decoder does not support: {e.Message}", e);
        }
    }

    /// <summary>Decodes JPEG data without copying it when it is the start of an array.</summary>
    private static Image DecodeJpeg(ReadOnlyMemory<byte> data, JpegDecoderOptions options) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0
            ? new JpegDecoderCore(segment.Array!, segment.Count, options).Decode()
            : JpegDecoder.Decode(data.Span, options);

    private static ImageDecoderOptions Validated(ImageDecoderOptions? options)
    {
        options ??= ImageDecoderOptions.Default;
        options.Validate();
        return options;
    }

    private static void CheckChannels(int channels)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images convert to 1 channel (PIL \"L\") or 3 (PIL \"RGB\").");
        }
    }
}
