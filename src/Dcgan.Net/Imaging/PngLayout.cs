using Dcgan.Net.Tensors.Serialization;
using System.Buffers.Binary;

namespace Dcgan.Net.Imaging;

/// <summary>
/// The chunk structure of a PNG file after validation (spec 5.1-5.3, 5.6): header, palette, tRNS and
/// where the IDAT data lies. Reading it touches every chunk once, so it is bounded by the file size.
/// </summary>
internal sealed class PngLayout
{
    private const uint Ihdr = 0x49484452;
    private const uint Plte = 0x504C5445;
    private const uint Trns = 0x74524E53;
    private const uint Idat = 0x49444154;
    private const uint Iend = 0x49454E44;

    private readonly List<(int Offset, int Length)> _idat = [];

    private PngLayout(PngHeader header) => Header = header;

    public PngHeader Header { get; }

    /// <summary>PLTE entries as R,G,B triplets (null when absent).</summary>
    public byte[]? Palette { get; private set; }

    /// <summary>Raw tRNS data (null when absent).</summary>
    public byte[]? Transparency { get; private set; }

    /// <summary>File offsets and lengths of the IDAT data, in order.</summary>
    public IReadOnlyList<(int Offset, int Length)> IdatSegments => _idat;

    /// <summary>File offset of the first IDAT chunk (for messages).</summary>
    public int FirstIdatOffset { get; private set; }

    /// <summary>Walks and validates all chunks of <paramref name="file"/>.</summary>
    public static PngLayout Read(ReadOnlySpan<byte> file, ImageDecoderOptions options)
    {
        if (!PngDecoder.IsPng(file))
        {
            throw new InvalidDataException("Not a PNG file: the 8-byte signature 89 50 4E 47 0D 0A 1A 0A is missing at offset 0.");
        }

        PngLayout? layout = null;
        bool idatEnded = false;
        int offset = 8;
        while (offset < file.Length)
        {
            if (file.Length - offset < 12)
            {
                throw new InvalidDataException($"PNG chunk at offset {offset} is truncated: {file.Length - offset} bytes left, a chunk needs at least 12.");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(file[offset..]);
            uint type = BinaryPrimitives.ReadUInt32BigEndian(file[(offset + 4)..]);
            var typeBytes = file.Slice(offset + 4, 4);
            if (!IsValidType(typeBytes))
            {
                throw new InvalidDataException($"PNG chunk at offset {offset} has an invalid type code '{TypeName(typeBytes)}' (must be four ASCII letters).");
            }

            if (length > int.MaxValue || length > (ulong)(file.Length - offset - 12))
            {
                throw new InvalidDataException(
                    $"PNG chunk '{TypeName(typeBytes)}' at offset {offset} declares {length} data bytes but only {file.Length - offset - 12} remain in the file.");
            }

            var data = file.Slice(offset + 8, (int)length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(file[(offset + 8 + (int)length)..]);
            uint actual = Crc32.Compute(file.Slice(offset + 4, 4 + (int)length));
            if (stored != actual)
            {
                throw new InvalidDataException($"PNG chunk '{TypeName(typeBytes)}' at offset {offset}: CRC mismatch (stored 0x{stored:X8}, computed 0x{actual:X8}).");
            }

            if (layout is null)
            {
                if (type != Ihdr)
                {
                    throw new InvalidDataException($"PNG chunk '{TypeName(typeBytes)}' at offset {offset}: the first chunk must be IHDR.");
                }

                layout = new PngLayout(PngHeader.Parse(data, offset, options));
            }
            else if (type == Iend)
            {
                break;
            }
            else
            {
                if (layout._idat.Count > 0 && type != Idat)
                {
                    idatEnded = true;
                }

                layout.Accept(type, typeBytes, data, offset, idatEnded);
            }

            offset += 12 + (int)length;
        }

        if (layout is null)
        {
            throw new InvalidDataException("PNG file ends after the signature: no IHDR chunk.");
        }

        if (layout._idat.Count == 0)
        {
            throw new InvalidDataException("PNG file has no IDAT chunk.");
        }

        if (layout.Header.ColorType == 3 && layout.Palette is null)
        {
            throw new InvalidDataException("PNG palette image (color type 3) has no PLTE chunk.");
        }

        return layout;
    }

    private void Accept(uint type, ReadOnlySpan<byte> typeBytes, ReadOnlySpan<byte> data, int offset, bool idatEnded)
    {
        switch (type)
        {
            case Ihdr:
                throw new InvalidDataException($"PNG chunk 'IHDR' at offset {offset}: duplicate IHDR.");
            case Plte:
                AcceptPalette(data, offset);
                break;
            case Trns:
                AcceptTransparency(data, offset);
                break;
            case Idat:
                if (idatEnded)
                {
                    throw new InvalidDataException($"PNG chunk 'IDAT' at offset {offset}: IDAT chunks must be consecutive.");
                }

                if (_idat.Count == 0)
                {
                    FirstIdatOffset = offset;
                }

                _idat.Add((offset + 8, data.Length));
                break;
            default:
                if ((type & 0x20000000) == 0)
                {
                    throw new InvalidDataException($"PNG chunk '{TypeName(typeBytes)}' at offset {offset} is an unknown critical chunk.");
                }

                break;
        }
    }

    private void AcceptPalette(ReadOnlySpan<byte> data, int offset)
    {
        int colorType = Header.ColorType;
        if (Palette is not null)
        {
            throw new InvalidDataException($"PNG chunk 'PLTE' at offset {offset}: duplicate PLTE.");
        }

        if (_idat.Count > 0 || Transparency is not null)
        {
            throw new InvalidDataException($"PNG chunk 'PLTE' at offset {offset}: PLTE must come before tRNS and IDAT.");
        }

        if (colorType is 0 or 4)
        {
            throw new InvalidDataException($"PNG chunk 'PLTE' at offset {offset}: PLTE is not allowed for color type {colorType}.");
        }

        int entries = data.Length / 3;
        int maxEntries = colorType == 3 ? 1 << Header.BitDepth : 256;
        if (data.Length % 3 != 0 || entries < 1 || entries > Math.Min(256, maxEntries))
        {
            throw new InvalidDataException(
                $"PNG chunk 'PLTE' at offset {offset}: length {data.Length} must be a multiple of 3 holding 1 to {Math.Min(256, maxEntries)} entries.");
        }

        Palette = data.ToArray();
    }

    private void AcceptTransparency(ReadOnlySpan<byte> data, int offset)
    {
        int colorType = Header.ColorType;
        if (Transparency is not null)
        {
            throw new InvalidDataException($"PNG chunk 'tRNS' at offset {offset}: duplicate tRNS.");
        }

        if (_idat.Count > 0)
        {
            throw new InvalidDataException($"PNG chunk 'tRNS' at offset {offset}: tRNS must come before IDAT.");
        }

        bool valid = colorType switch
        {
            0 => data.Length == 2,
            2 => data.Length == 6,
            3 => Palette is not null && data.Length <= Palette.Length / 3,
            _ => false,
        };
        if (!valid)
        {
            string rule = colorType switch
            {
                0 => "2 bytes for gray",
                2 => "6 bytes for RGB",
                3 => Palette is null ? "a preceding PLTE" : $"at most {Palette.Length / 3} bytes (one per palette entry)",
                _ => "no tRNS at all for images with an alpha channel",
            };
            throw new InvalidDataException($"PNG chunk 'tRNS' at offset {offset}: {data.Length} bytes for color type {colorType}; expected {rule}.");
        }

        Transparency = data.ToArray();
    }

    private static bool IsValidType(ReadOnlySpan<byte> type)
    {
        foreach (byte b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static string TypeName(ReadOnlySpan<byte> type)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            chars[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
        }

        return new string(chars);
    }
}
