namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Decodes one JPEG interchange-format stream (T.81 annex B) held in memory. The marker loop below reads
/// segments in order; the partial files parse tables and frame headers (<c>.Segments</c>), decode
/// sequential and progressive scans, and turn component planes into an <see cref="Image"/> (<c>.Output</c>).
/// Every loop is bounded by the input length or by the frame size, which is checked against the options'
/// pixel limit before anything proportional to it is allocated.
/// </summary>
internal sealed partial class JpegDecoderCore
{
    private readonly byte[] _data;
    private readonly int _end;
    private readonly JpegDecoderOptions _options;
    private readonly bool _avx2;

    private readonly int[]?[] _quant = new int[]?[4];        // natural order
    private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable?[4];
    private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable?[4];

    private JpegBitReader? _reader;
    private JpegComponent[] _components = [];
    private bool _frameSeen;
    private bool _progressive;
    private int _width;
    private int _height;
    private int _hmax;
    private int _vmax;
    private int _mcusX;
    private int _mcusY;
    private int _restartInterval;
    private int _scanCount;
    private bool _jfif;
    private int _adobeTransform = -1;
    private int _orientation = 1;

    public JpegDecoderCore(byte[] data, int length, JpegDecoderOptions options)
    {
        _data = data;
        _end = length;
        _options = options;
        _avx2 = options.UseSimd && JpegIdct.Avx2Available;
    }

    /// <summary>Natural-order index of each zig-zag position (T.81 figure A.6).</summary>
    internal static ReadOnlySpan<byte> ZigZag =>
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    /// <summary>Runs the decoder over the whole stream.</summary>
    public Image Decode()
    {
        try
        {
            return DecodeMarkers();
        }
        finally
        {
            _reader?.Dispose();
            foreach (JpegComponent c in _components)
            {
                c.ReturnBuffers();
            }
        }
    }

    private Image DecodeMarkers()
    {
        if (_end < 2 || _data[0] != 0xFF || _data[1] != 0xD8)
        {
            throw new InvalidDataException("Not a JPEG file: no SOI marker (FF D8) at offset 0.");
        }

        int pos = 2;
        while (true)
        {
            int markerOffset = FindMarker(pos);
            if (markerOffset < 0)
            {
                if (CanFinishWithoutEoi())
                {
                    break;
                }

                throw new InvalidDataException($"JPEG data is truncated: it ends at offset {_end} before the EOI marker.");
            }

            int marker = _data[markerOffset + 1];
            pos = markerOffset + 2;
            if (marker == 0xD9)
            {
                break;
            }

            if (marker is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                continue; // parameterless markers outside a scan carry nothing
            }

            if (marker == 0xD8)
            {
                throw new InvalidDataException($"JPEG: unexpected second SOI marker at offset {markerOffset}.");
            }

            int segmentStart = pos + 2;
            int segmentEnd = ReadSegmentEnd(markerOffset);
            ReadOnlySpan<byte> segment = _data.AsSpan(segmentStart, segmentEnd - segmentStart);
            pos = segmentEnd;
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    ReadFrameHeader(marker, segment, markerOffset);
                    break;
                case 0xC3 or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF):
                    throw new NotSupportedException($"JPEG {DescribeUnsupportedFrame(marker)} (SOF marker 0x{marker:X2} at offset {markerOffset}) is not supported; only baseline, extended sequential and progressive Huffman-coded 8-bit JPEG are.");
                case 0xC4:
                    ReadHuffmanTables(segment, segmentStart);
                    break;
                case 0xDB:
                    ReadQuantizationTables(segment, segmentStart);
                    break;
                case 0xDD:
                    ReadRestartInterval(segment, markerOffset);
                    break;
                case 0xDA:
                    pos = DecodeScan(segment, markerOffset, segmentEnd);
                    break;
                case >= 0xE0 and <= 0xEF:
                    ReadApplicationSegment(marker, segment);
                    break;
                default:
                    break; // COM, DNL, DHP, EXP, JPGn and reserved markers: skipped by length
            }
        }

        if (!_frameSeen)
        {
            throw new InvalidDataException("JPEG contains no frame (no SOF marker before EOI).");
        }

        foreach (JpegComponent c in _components)
        {
            if (!c.Scanned)
            {
                throw new InvalidDataException($"JPEG component {c.Id} has no scan data (missing SOS before EOI).");
            }
        }

        return BuildImage();
    }

    /// <summary>A sequential frame whose every component was fully decoded is usable even without EOI.</summary>
    private bool CanFinishWithoutEoi() => _frameSeen && !_progressive && _components.All(c => c.Scanned);

    /// <summary>Offset of the next marker at or after <paramref name="pos"/>, skipping stray bytes; -1 at the end.</summary>
    private int FindMarker(int pos)
    {
        for (int p = pos; p + 1 < _end; p++)
        {
            if (_data[p] == 0xFF && _data[p + 1] is not (0x00 or 0xFF))
            {
                return p;
            }
        }

        return -1;
    }

    /// <summary>End offset of the segment whose marker is at <paramref name="markerOffset"/>, checked against the data.</summary>
    private int ReadSegmentEnd(int markerOffset)
    {
        int lengthOffset = markerOffset + 2;
        if (lengthOffset + 2 > _end)
        {
            throw new InvalidDataException($"JPEG data is truncated: marker 0x{_data[markerOffset + 1]:X2} at offset {markerOffset} has no segment length.");
        }

        int length = (_data[lengthOffset] << 8) | _data[lengthOffset + 1];
        if (length < 2)
        {
            throw new InvalidDataException($"JPEG marker 0x{_data[markerOffset + 1]:X2} at offset {markerOffset}: segment length {length} is less than 2.");
        }

        if (lengthOffset + length > _end)
        {
            throw new InvalidDataException($"JPEG data is truncated: segment of marker 0x{_data[markerOffset + 1]:X2} at offset {markerOffset} declares {length} bytes but only {_end - lengthOffset} remain.");
        }

        return lengthOffset + length;
    }

    private static string DescribeUnsupportedFrame(int marker) => marker switch
    {
        0xC3 => "lossless coding",
        0xC5 or 0xC6 or 0xC7 => "hierarchical (differential) coding",
        0xCB or 0xCF => "lossless arithmetic coding",
        _ => "arithmetic coding",
    };
}
