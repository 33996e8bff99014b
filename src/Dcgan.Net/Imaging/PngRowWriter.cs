using System.Buffers.Binary;

namespace Dcgan.Net.Imaging;

/// <summary>
/// Turns one reconstructed scanline (of the whole image or of an Adam7 pass) into output pixels:
/// unpacks sub-byte samples, expands palettes, adds tRNS alpha and turns 16-bit samples little-endian.
/// </summary>
internal sealed class PngRowWriter
{
    private readonly Mode _mode;
    private readonly int _depth;
    private readonly int _samples;
    private readonly int _scale;
    private readonly int _paletteCount;
    private readonly byte[]? _lut;
    private readonly ushort[] _key = new ushort[3];

    public PngRowWriter(PngHeader header, byte[]? palette, byte[]? transparency)
    {
        _depth = header.BitDepth;
        _samples = header.SamplesPerPixel;
        _scale = _depth < 8 ? 255 / ((1 << _depth) - 1) : 1;
        bool keyed = transparency is not null && header.ColorType is 0 or 2;
        if (keyed)
        {
            int mask = (1 << _depth) - 1;
            for (int s = 0; s < _samples; s++)
            {
                _key[s] = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(transparency.AsSpan(2 * s)) & mask);
            }
        }

        if (header.ColorType == 3)
        {
            _mode = Mode.Palette;
            _paletteCount = palette!.Length / 3;
            _lut = new byte[256 * 4];
            for (int i = 0; i < _paletteCount; i++)
            {
                _lut[4 * i] = palette[3 * i];
                _lut[(4 * i) + 1] = palette[(3 * i) + 1];
                _lut[(4 * i) + 2] = palette[(3 * i) + 2];
                _lut[(4 * i) + 3] = transparency is not null && i < transparency.Length ? transparency[i] : (byte)255;
            }

            Channels = transparency is null ? 3 : 4;
            BitDepth = 8;
        }
        else
        {
            _mode = keyed ? Mode.Keyed : _depth < 8 ? Mode.Unpack : _depth == 8 ? Mode.Copy8 : Mode.Swap16;
            Channels = _samples + (keyed ? 1 : 0);
            BitDepth = _depth == 16 ? 16 : 8;
        }
    }

    private enum Mode
    {
        Copy8,
        Swap16,
        Unpack,
        Palette,
        Keyed,
    }

    /// <summary>Channels of the output image.</summary>
    public int Channels { get; }

    /// <summary>Bits per output sample: 8 or 16.</summary>
    public int BitDepth { get; }

    /// <summary>Bytes per output pixel.</summary>
    public int PixelBytes => Channels * BitDepth / 8;

    /// <summary>
    /// Writes <paramref name="count"/> pixels of <paramref name="row"/> to <paramref name="output"/> (one output
    /// row) at x = <paramref name="x0"/> + i * <paramref name="dx"/>. <paramref name="y"/> is for messages.
    /// </summary>
    public void Write(ReadOnlySpan<byte> row, int count, Span<byte> output, int x0, int dx, int y)
    {
        int pixelBytes = PixelBytes;
        switch (_mode)
        {
            case Mode.Copy8 when dx == 1:
                row[..(count * _samples)].CopyTo(output[(x0 * pixelBytes)..]);
                break;
            case Mode.Copy8:
                for (int i = 0; i < count; i++)
                {
                    row.Slice(i * pixelBytes, pixelBytes).CopyTo(output[((x0 + (i * dx)) * pixelBytes)..]);
                }

                break;
            case Mode.Swap16:
                for (int i = 0; i < count; i++)
                {
                    var src = row.Slice(i * pixelBytes, pixelBytes);
                    var dst = output.Slice((x0 + (i * dx)) * pixelBytes, pixelBytes);
                    for (int b = 0; b < pixelBytes; b += 2)
                    {
                        dst[b] = src[b + 1];
                        dst[b + 1] = src[b];
                    }
                }

                break;
            case Mode.Unpack:
                for (int i = 0; i < count; i++)
                {
                    output[x0 + (i * dx)] = (byte)(SubByte(row, i) * _scale);
                }

                break;
            case Mode.Palette:
                WritePalette(row, count, output, x0, dx, y);
                break;
            default:
                WriteKeyed(row, count, output, x0, dx);
                break;
        }
    }

    private void WritePalette(ReadOnlySpan<byte> row, int count, Span<byte> output, int x0, int dx, int y)
    {
        int channels = Channels;
        var lut = _lut.AsSpan();
        for (int i = 0; i < count; i++)
        {
            int index = _depth == 8 ? row[i] : SubByte(row, i);
            if (index >= _paletteCount)
            {
                throw new InvalidDataException(
                    $"PNG IDAT data: palette index {index} at pixel ({x0 + (i * dx)}, {y}) is out of range; PLTE has {_paletteCount} entries.");
            }

            lut.Slice(4 * index, channels).CopyTo(output[((x0 + (i * dx)) * channels)..]);
        }
    }

    private void WriteKeyed(ReadOnlySpan<byte> row, int count, Span<byte> output, int x0, int dx)
    {
        int pixelBytes = PixelBytes;
        for (int i = 0; i < count; i++)
        {
            var dst = output.Slice((x0 + (i * dx)) * pixelBytes, pixelBytes);
            bool match = true;
            for (int s = 0; s < _samples; s++)
            {
                int v;
                if (_depth == 16)
                {
                    v = BinaryPrimitives.ReadUInt16BigEndian(row[(((i * _samples) + s) * 2)..]);
                    BinaryPrimitives.WriteUInt16LittleEndian(dst[(2 * s)..], (ushort)v);
                }
                else
                {
                    v = _depth == 8 ? row[(i * _samples) + s] : SubByte(row, i);
                    dst[s] = (byte)(v * _scale);
                }

                match &= v == _key[s];
            }

            if (_depth == 16)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(dst[(2 * _samples)..], match ? (ushort)0 : ushort.MaxValue);
            }
            else
            {
                dst[_samples] = match ? (byte)0 : (byte)255;
            }
        }
    }

    /// <summary>Sample <paramref name="i"/> of a row of 1-, 2- or 4-bit samples packed MSB first.</summary>
    private int SubByte(ReadOnlySpan<byte> row, int i)
    {
        int bit = i * _depth;
        int shift = 8 - _depth - (bit & 7);
        return (row[bit >> 3] >> shift) & ((1 << _depth) - 1);
    }
}
