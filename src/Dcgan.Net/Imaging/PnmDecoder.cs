using System.Buffers.Binary;

namespace Dcgan.Net.Imaging;

/// <summary>
/// Decodes Netpbm gray and color maps: PGM (P2 ASCII, P5 binary) and PPM (P3 ASCII, P6 binary), maxval 1 to 65535.
/// </summary>
/// <remarks>
/// Output: 1 channel (PGM) or 3 channels (PPM). A maxval up to 255 gives 8-bit samples, a larger one 16-bit
/// samples. Samples are rescaled to the full 0..255 or 0..65535 range when maxval is not 255 or 65535, with
/// PIL's rule <c>round(value / maxval * max)</c> (round half to even, in double precision); PIL 9.4 matches
/// this for PGM, and for PPM with maxval up to 255 (it reduces larger PPM maxvals to 8 bits). Only the first
/// image of a multi-image file is read. A sample above maxval is an error (PIL clamps binary ones).
/// </remarks>
public static class PnmDecoder
{
    /// <summary>True when <paramref name="data"/> starts with a supported magic number (P2, P3, P5 or P6).</summary>
    /// <param name="data">The first bytes of a file.</param>
    public static bool IsPnm(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && data[0] == (byte)'P' && data[1] is (byte)'2' or (byte)'3' or (byte)'5' or (byte)'6';

    /// <summary>Decodes a PGM/PPM file held in memory.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="options">Limits; <see cref="ImageDecoderOptions.Default"/> when null.</param>
    /// <returns>The decoded image.</returns>
    /// <exception cref="InvalidDataException">The file is malformed or exceeds a limit; the message gives the byte offset.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, ImageDecoderOptions? options = null)
    {
        options ??= ImageDecoderOptions.Default;
        options.Validate();
        if (!IsPnm(data))
        {
            throw new InvalidDataException("Not a PGM/PPM file: expected the magic number P2, P3, P5 or P6 at offset 0.");
        }

        char kind = (char)data[1];
        int channels = kind is '2' or '5' ? 1 : 3;
        bool ascii = kind is '2' or '3';
        int position = 2;
        long width = ReadHeaderNumber(data, ref position, "width");
        long height = ReadHeaderNumber(data, ref position, "height");
        long maxval = ReadHeaderNumber(data, ref position, "maxval");
        if (width < 1 || height < 1 || width > int.MaxValue || height > int.MaxValue)
        {
            throw new InvalidDataException($"PNM header: dimensions {width}x{height} must be between 1 and 2^31-1.");
        }

        if (maxval is < 1 or > 65535)
        {
            throw new InvalidDataException($"PNM header: maxval {maxval} must be between 1 and 65535.");
        }

        if (width * height > options.MaxPixelCount)
        {
            throw new InvalidDataException(
                $"PNM header: {width}x{height} = {width * height} pixels exceeds the limit of {options.MaxPixelCount} (ImageDecoderOptions.MaxPixelCount).");
        }

        if (position >= data.Length || !IsSpace(data[position]))
        {
            throw new InvalidDataException($"PNM header: expected one whitespace character after maxval at offset {position}.");
        }

        position++;
        long count = width * height * channels;
        int sampleBytes = maxval > 255 ? 2 : 1;
        long available = data.Length - position;
        long needed = ascii ? (2 * count) - 1 : count * sampleBytes;
        if (available < needed)
        {
            throw new InvalidDataException(
                $"PNM raster at offset {position} is truncated: {width}x{height}x{channels} samples need {(ascii ? "at least " : "")}{needed} bytes, {available} remain.");
        }

        var scale = BuildScale((int)maxval);
        var pixels = GC.AllocateUninitializedArray<byte>((int)(count * sampleBytes));
        for (long i = 0; i < count; i++)
        {
            int at = position;
            int value = ascii ? ReadRasterNumber(data, ref position) : sampleBytes == 1 ? data[position++] : ReadWord(data, ref position);
            if (value > maxval)
            {
                throw new InvalidDataException($"PNM raster: sample {value} at offset {at} exceeds maxval {maxval}.");
            }

            int scaled = scale is null ? value : scale[value];
            if (sampleBytes == 1)
            {
                pixels[i] = (byte)scaled;
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan((int)(2 * i)), (ushort)scaled);
            }
        }

        return new Image((int)width, (int)height, channels, pixels, 8 * sampleBytes);
    }

    /// <summary>Decodes a PGM/PPM file read from <paramref name="stream"/> (read to its end).</summary>
    /// <param name="stream">A readable stream positioned at the magic number.</param>
    /// <param name="options">Limits; <see cref="ImageDecoderOptions.Default"/> when null.</param>
    /// <returns>The decoded image.</returns>
    /// <exception cref="InvalidDataException">The data is malformed or exceeds a limit.</exception>
    public static Image Decode(Stream stream, ImageDecoderOptions? options = null)
    {
        options ??= ImageDecoderOptions.Default;
        options.Validate();
        return Decode(ImageInput.ReadAll(stream, options), options);
    }

    /// <summary>Decodes the PGM/PPM file at <paramref name="path"/>.</summary>
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

    /// <summary>Rescaling table for maxvals other than 255 and 65535 (null when samples are kept).</summary>
    private static int[]? BuildScale(int maxval)
    {
        if (maxval is 255 or 65535)
        {
            return null;
        }

        int outMax = maxval > 255 ? 65535 : 255;
        var table = new int[maxval + 1];
        for (int v = 0; v <= maxval; v++)
        {
            table[v] = (int)Math.Round(v / (double)maxval * outMax, MidpointRounding.ToEven);
        }

        return table;
    }

    private static int ReadWord(ReadOnlySpan<byte> data, ref int position)
    {
        int value = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        position += 2;
        return value;
    }

    /// <summary>Reads a header number after whitespace and '#' comments (which run to the end of the line).</summary>
    private static long ReadHeaderNumber(ReadOnlySpan<byte> data, ref int position, string what)
    {
        while (position < data.Length && (IsSpace(data[position]) || data[position] == (byte)'#'))
        {
            if (data[position] == (byte)'#')
            {
                while (position < data.Length && data[position] is not ((byte)'\n' or (byte)'\r'))
                {
                    position++;
                }
            }
            else
            {
                position++;
            }
        }

        return ReadDigits(data, ref position, what, 10);
    }

    private static int ReadRasterNumber(ReadOnlySpan<byte> data, ref int position)
    {
        while (position < data.Length && IsSpace(data[position]))
        {
            position++;
        }

        return (int)ReadDigits(data, ref position, "sample", 5);
    }

    private static long ReadDigits(ReadOnlySpan<byte> data, ref int position, string what, int maxDigits)
    {
        int start = position;
        long value = 0;
        while (position < data.Length && data[position] is >= (byte)'0' and <= (byte)'9')
        {
            if (position - start == maxDigits)
            {
                throw new InvalidDataException($"PNM {what} at offset {start} has more than {maxDigits} digits.");
            }

            value = (value * 10) + (data[position] - '0');
            position++;
        }

        if (position == start)
        {
            string found = position < data.Length ? $"byte 0x{data[position]:X2}" : "the end of the file";
            throw new InvalidDataException($"PNM {what} expected at offset {position}, found {found}.");
        }

        return value;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;
}
