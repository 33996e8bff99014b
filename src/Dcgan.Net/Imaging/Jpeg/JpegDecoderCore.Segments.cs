using System.Buffers;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>Table, frame-header and application segments (T.81 B.2.2, B.2.4; JFIF; Adobe APP14; EXIF APP1).</summary>
internal sealed partial class JpegDecoderCore
{
    private void ReadQuantizationTables(ReadOnlySpan<byte> segment, int offset)
    {
        int p = 0;
        while (p < segment.Length)
        {
            int precision = segment[p] >> 4;
            int index = segment[p] & 15;
            int size = precision == 0 ? 64 : 128;
            if (precision > 1 || index > 3)
            {
                throw new InvalidDataException($"JPEG DQT segment at offset {offset + p}: bad table header 0x{segment[p]:X2} (precision {precision}, table {index}).");
            }

            if (p + 1 + size > segment.Length)
            {
                throw new InvalidDataException($"JPEG DQT segment at offset {offset + p}: table {index} needs {size} bytes, the segment has {segment.Length - p - 1}.");
            }

            var table = new int[64];
            for (int k = 0; k < 64; k++)
            {
                table[ZigZag[k]] = precision == 0 ? segment[p + 1 + k] : (segment[p + 1 + 2 * k] << 8) | segment[p + 2 + 2 * k];
            }

            _quant[index] = table;
            p += 1 + size;
        }
    }

    private void ReadHuffmanTables(ReadOnlySpan<byte> segment, int offset)
    {
        int p = 0;
        while (p < segment.Length)
        {
            if (p + 17 > segment.Length)
            {
                throw new InvalidDataException($"JPEG DHT segment at offset {offset + p}: table header needs 17 bytes, the segment has {segment.Length - p}.");
            }

            int tableClass = segment[p] >> 4;
            int index = segment[p] & 15;
            if (tableClass > 1 || index > 3)
            {
                throw new InvalidDataException($"JPEG DHT segment at offset {offset + p}: bad table header 0x{segment[p]:X2} (class {tableClass}, table {index}).");
            }

            ReadOnlySpan<byte> counts = segment.Slice(p + 1, 16);
            int total = 0;
            foreach (byte n in counts)
            {
                total += n;
            }

            if (total > 256 || p + 17 + total > segment.Length)
            {
                throw new InvalidDataException($"JPEG DHT segment at offset {offset + p}: table declares {total} symbols, the segment has room for {segment.Length - p - 17}.");
            }

            var table = new JpegHuffmanTable(counts, segment.Slice(p + 17, total), offset + p);
            (tableClass == 0 ? _dcTables : _acTables)[index] = table;
            p += 17 + total;
        }
    }

    private void ReadRestartInterval(ReadOnlySpan<byte> segment, int markerOffset)
    {
        if (segment.Length != 2)
        {
            throw new InvalidDataException($"JPEG DRI segment at offset {markerOffset}: length {segment.Length + 2}, expected 4.");
        }

        _restartInterval = (segment[0] << 8) | segment[1];
    }

    private void ReadFrameHeader(int marker, ReadOnlySpan<byte> segment, int markerOffset)
    {
        if (_frameSeen)
        {
            throw new InvalidDataException($"JPEG: second frame header (SOF marker 0x{marker:X2}) at offset {markerOffset}.");
        }

        if (segment.Length < 6)
        {
            throw new InvalidDataException($"JPEG SOF segment at offset {markerOffset}: {segment.Length} bytes, at least 6 expected.");
        }

        int precision = segment[0];
        int height = (segment[1] << 8) | segment[2];
        int width = (segment[3] << 8) | segment[4];
        int count = segment[5];
        if (precision is 12 or 16)
        {
            throw new NotSupportedException($"JPEG with {precision}-bit samples (SOF at offset {markerOffset}) is not supported; only 8-bit.");
        }

        if (precision != 8)
        {
            throw new InvalidDataException($"JPEG SOF segment at offset {markerOffset}: sample precision {precision}, expected 8.");
        }

        if (width == 0)
        {
            throw new InvalidDataException($"JPEG SOF segment at offset {markerOffset}: image width is 0.");
        }

        if (height == 0)
        {
            throw new NotSupportedException($"JPEG SOF at offset {markerOffset} leaves the height to a DNL marker, which is not supported.");
        }

        if (count == 0 || segment.Length != 6 + 3 * count)
        {
            throw new InvalidDataException($"JPEG SOF segment at offset {markerOffset}: {count} components need {6 + 3 * count} bytes, the segment has {segment.Length}.");
        }

        if (count != 1 && count != 3)
        {
            string what = count == 4 ? "4 components (CMYK/YCCK)" : $"{count} components";
            throw new NotSupportedException($"JPEG with {what} (SOF at offset {markerOffset}) is not supported; only grayscale and 3-component colour.");
        }

        long pixels = (long)width * height;
        if (pixels > _options.MaxPixelCount)
        {
            throw new InvalidDataException($"JPEG SOF at offset {markerOffset}: {width}x{height} = {pixels} pixels exceeds the limit of {_options.MaxPixelCount} (JpegDecoderOptions.MaxPixelCount).");
        }

        if (pixels * count > Array.MaxLength)
        {
            throw new InvalidDataException($"JPEG SOF at offset {markerOffset}: {width}x{height}x{count} samples do not fit in one array.");
        }

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            int id = segment[6 + 3 * i];
            int h = segment[7 + 3 * i] >> 4;
            int v = segment[7 + 3 * i] & 15;
            int tq = segment[8 + 3 * i];
            if (h is < 1 or > 4 || v is < 1 or > 4 || tq > 3)
            {
                throw new InvalidDataException($"JPEG SOF segment at offset {markerOffset}: component {id} has sampling factors {h}x{v} and quantisation table {tq} (allowed 1-4, 1-4, 0-3).");
            }

            if (components.Take(i).Any(c => c.Id == id))
            {
                throw new InvalidDataException($"JPEG SOF segment at offset {markerOffset}: component id {id} appears twice.");
            }

            components[i] = new JpegComponent(id, h, v, tq);
        }

        _frameSeen = true;
        _progressive = marker == 0xC2;
        _width = width;
        _height = height;
        _components = components;
        LayOutComponents(markerOffset);
    }

    private void LayOutComponents(int markerOffset)
    {
        _hmax = _components.Max(c => c.H);
        _vmax = _components.Max(c => c.V);
        foreach (JpegComponent c in _components)
        {
            if (_hmax % c.H != 0 || _vmax % c.V != 0)
            {
                throw new NotSupportedException($"JPEG SOF at offset {markerOffset}: component {c.Id} has sampling factors {c.H}x{c.V} that do not divide the maximum {_hmax}x{_vmax} (fractional upsampling is not supported).");
            }
        }

        _mcusX = DivCeil(_width, 8 * _hmax);
        _mcusY = DivCeil(_height, 8 * _vmax);
        foreach (JpegComponent c in _components)
        {
            c.Width = DivCeil(_width * c.H, _hmax);
            c.Height = DivCeil(_height * c.V, _vmax);
            c.WidthInBlocks = DivCeil(c.Width, 8);
            c.HeightInBlocks = DivCeil(c.Height, 8);
            c.BlocksPerLine = _mcusX * c.H;
            c.BlocksPerColumn = _mcusY * c.V;
            long samples = (long)c.BlocksPerLine * c.BlocksPerColumn * 64;
            if (samples > Array.MaxLength)
            {
                throw new InvalidDataException($"JPEG SOF at offset {markerOffset}: component {c.Id} needs {samples} samples, more than an array can hold.");
            }

            // Pooled: every sample later read is first written, so stale contents never reach the output.
            c.Plane = ArrayPool<byte>.Shared.Rent((int)samples);
            if (_progressive)
            {
                c.Coefficients = ArrayPool<short>.Shared.Rent((int)samples);
                Array.Clear(c.Coefficients, 0, (int)samples);
            }
        }
    }

    private void ReadApplicationSegment(int marker, ReadOnlySpan<byte> segment)
    {
        if (marker == 0xE0 && segment.StartsWith("JFIF\0"u8))
        {
            _jfif = true;
        }
        else if (marker == 0xEE && segment.Length >= 12 && segment.StartsWith("Adobe"u8))
        {
            _adobeTransform = segment[11];
        }
        else if (marker == 0xE1 && _options.ApplyExifOrientation && segment.StartsWith("Exif\0\0"u8))
        {
            _orientation = JpegExif.ReadOrientation(segment[6..]);
        }
    }

    private static int DivCeil(int a, int b) => (int)(((long)a + b - 1) / b);
}
