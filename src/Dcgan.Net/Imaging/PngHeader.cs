using System.Buffers.Binary;

namespace Dcgan.Net.Imaging;

/// <summary>The validated fields of an IHDR chunk and the sizes derived from them.</summary>
internal sealed class PngHeader
{
    private PngHeader(int width, int height, int bitDepth, int colorType, bool interlaced)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        ColorType = colorType;
        Interlaced = interlaced;
        SamplesPerPixel = colorType switch { 0 or 3 => 1, 4 => 2, 2 => 3, _ => 4 };
        BitsPerPixel = SamplesPerPixel * bitDepth;
        FilterUnit = Math.Max(1, BitsPerPixel / 8);
    }

    public int Width { get; }

    public int Height { get; }

    public int BitDepth { get; }

    /// <summary>0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.</summary>
    public int ColorType { get; }

    public bool Interlaced { get; }

    /// <summary>Samples per pixel in the file (a palette index counts as one).</summary>
    public int SamplesPerPixel { get; }

    public int BitsPerPixel { get; }

    /// <summary>The filter's "bpp": bytes per complete pixel, at least 1.</summary>
    public int FilterUnit { get; }

    /// <summary>Bytes of one scanline of <paramref name="pixels"/> pixels, without the filter byte.</summary>
    public long RowBytes(int pixels) => ((long)pixels * BitsPerPixel + 7) / 8;

    /// <summary>Parses and validates the 13 data bytes of IHDR (spec 5.2) and the pixel-count limit.</summary>
    public static PngHeader Parse(ReadOnlySpan<byte> data, long chunkOffset, ImageDecoderOptions options)
    {
        if (data.Length != 13)
        {
            throw new InvalidDataException($"PNG IHDR at offset {chunkOffset} has {data.Length} data bytes; it must have 13.");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int depth = data[8];
        int colorType = data[9];
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"PNG IHDR at offset {chunkOffset}: dimensions {width}x{height} must be between 1 and 2^31-1.");
        }

        bool validDepth = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!validDepth)
        {
            throw new InvalidDataException($"PNG IHDR at offset {chunkOffset}: color type {colorType} with bit depth {depth} is not a valid combination.");
        }

        if (data[10] != 0 || data[11] != 0 || data[12] > 1)
        {
            throw new InvalidDataException(
                $"PNG IHDR at offset {chunkOffset}: compression method {data[10]}, filter method {data[11]}, interlace method {data[12]} (must be 0, 0, 0 or 1).");
        }

        long pixels = (long)width * height;
        if (pixels > options.MaxPixelCount)
        {
            throw new InvalidDataException(
                $"PNG IHDR at offset {chunkOffset}: {width}x{height} = {pixels} pixels exceeds the limit of {options.MaxPixelCount} (ImageDecoderOptions.MaxPixelCount).");
        }

        return new PngHeader((int)width, (int)height, depth, colorType, data[12] == 1);
    }
}
