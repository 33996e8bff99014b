namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>Scan headers (T.81 B.2.3), restart intervals (B.2.4.4, E.2.4) and checks shared by all scan kinds.</summary>
internal sealed partial class JpegDecoderCore
{
    /// <summary>Decodes the scan whose SOS marker is at <paramref name="markerOffset"/>; returns the offset after its data.</summary>
    private int DecodeScan(ReadOnlySpan<byte> header, int markerOffset, int dataStart)
    {
        if (!_frameSeen)
        {
            throw new InvalidDataException($"JPEG SOS marker at offset {markerOffset} comes before any frame header (SOF).");
        }

        if (++_scanCount > _options.MaxScanCount)
        {
            throw new InvalidDataException($"JPEG SOS marker at offset {markerOffset}: more than {_options.MaxScanCount} scans (JpegDecoderOptions.MaxScanCount).");
        }

        int n = header.Length > 0 ? header[0] : 0;
        if (n is < 1 or > 4 || header.Length != 4 + 2 * n)
        {
            throw new InvalidDataException($"JPEG SOS segment at offset {markerOffset}: {n} components in a {header.Length + 2}-byte segment.");
        }

        var scan = new JpegComponent[n];
        for (int i = 0; i < n; i++)
        {
            int id = header[1 + 2 * i];
            JpegComponent c = Array.Find(_components, x => x.Id == id)
                ?? throw new InvalidDataException($"JPEG SOS segment at offset {markerOffset}: component id {id} is not in the frame.");
            if (!_progressive && c.Scanned)
            {
                throw new InvalidDataException($"JPEG SOS segment at offset {markerOffset}: component {id} already had its sequential scan.");
            }

            if (Array.IndexOf(scan, c) >= 0)
            {
                throw new InvalidDataException($"JPEG SOS segment at offset {markerOffset}: component id {id} appears twice.");
            }

            c.DcTable = header[2 + 2 * i] >> 4;
            c.AcTable = header[2 + 2 * i] & 15;
            if (c.DcTable > 3 || c.AcTable > 3)
            {
                throw new InvalidDataException($"JPEG SOS segment at offset {markerOffset}: component {id} selects Huffman tables {c.DcTable}/{c.AcTable} (allowed 0-3).");
            }

            scan[i] = c;
        }

        int ss = header[1 + 2 * n];
        int se = header[2 + 2 * n];
        int ah = header[3 + 2 * n] >> 4;
        int al = header[3 + 2 * n] & 15;
        if (n > 1 && scan.Sum(c => c.H * c.V) > 10)
        {
            throw new InvalidDataException($"JPEG SOS segment at offset {markerOffset}: an MCU of this scan would hold more than 10 blocks.");
        }

        if (_progressive)
        {
            CheckProgressiveParameters(n, ss, se, ah, al, markerOffset);
        }

        bool needDc = !_progressive || (ss == 0 && ah == 0);
        bool needAc = !_progressive || ss > 0;
        foreach (JpegComponent c in scan)
        {
            if (needDc && _dcTables[c.DcTable] is null)
            {
                throw new InvalidDataException($"JPEG scan at offset {markerOffset}: component {c.Id} uses DC Huffman table {c.DcTable}, which no DHT segment defined.");
            }

            if (needAc && _acTables[c.AcTable] is null)
            {
                throw new InvalidDataException($"JPEG scan at offset {markerOffset}: component {c.Id} uses AC Huffman table {c.AcTable}, which no DHT segment defined.");
            }

            if (needAc && _progressive)
            {
                _acTables[c.AcTable]!.EnsureFastAc();
            }

            // Like libjpeg, a component keeps the quantisation table that was current at its first scan.
            c.Quant ??= (int[]?)_quant[c.QuantTableIndex]?.Clone()
                ?? throw new InvalidDataException($"JPEG scan at offset {markerOffset}: component {c.Id} uses quantisation table {c.QuantTableIndex}, which no DQT segment defined.");
            c.DcPredictor = 0;
        }

        JpegBitReader reader = _reader ??= new JpegBitReader(_data, _end);
        reader.Reset(dataStart);
        if (_progressive)
        {
            DecodeProgressiveScan(scan, reader, ss, se, ah, al, markerOffset);
        }
        else
        {
            DecodeSequentialScan(scan, reader, markerOffset);
        }

        foreach (JpegComponent c in scan)
        {
            c.Scanned = true;
        }

        return reader.SegmentEnd;
    }

    private static void CheckProgressiveParameters(int n, int ss, int se, int ah, int al, int markerOffset)
    {
        bool valid = ss == 0
            ? se == 0
            : se >= ss && se <= 63 && n == 1;
        if (!valid || ah > 13 || al > 13)
        {
            throw new InvalidDataException($"JPEG progressive scan at offset {markerOffset}: invalid parameters Ss={ss}, Se={se}, Ah={ah}, Al={al} for {n} component(s).");
        }
    }

    /// <summary>
    /// Ends a restart interval: the rest of the buffered byte is padding, and the next marker must be an
    /// RSTn. Stray bytes before it are skipped as libjpeg does; any other marker means the interval is cut short.
    /// </summary>
    private void ProcessRestart(JpegBitReader reader, JpegComponent[] scan, ref int expected, int scanOffset)
    {
        ThrowIfOverran(reader, scanOffset);
        int markerOffset = FindMarker(reader.SegmentEnd);
        if (markerOffset < 0)
        {
            throw new InvalidDataException($"JPEG data is truncated: scan at offset {scanOffset} ends at offset {_end} inside a restart interval.");
        }

        int marker = _data[markerOffset + 1];
        if (marker != 0xD0 + expected)
        {
            throw new InvalidDataException($"JPEG scan at offset {scanOffset}: expected restart marker RST{expected} at offset {markerOffset}, found marker 0x{marker:X2}.");
        }

        reader.Reset(markerOffset + 2);
        expected = (expected + 1) & 7;
        _eobRun = 0;
        foreach (JpegComponent c in scan)
        {
            c.DcPredictor = 0;
        }
    }

    /// <summary>Throws when the decoder consumed bits past the end of the entropy-coded segment.</summary>
    private static void ThrowIfOverran(JpegBitReader reader, int scanOffset)
    {
        if (reader.Overran)
        {
            throw new InvalidDataException($"JPEG scan at offset {scanOffset}: entropy-coded data ends early near offset {reader.Position} (truncated or corrupt).");
        }
    }
}
