using System.Buffers.Binary;
using System.Text;

namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// Writes the zip container of torch.save (spec 6.1): records stored uncompressed with CRC-32, each record's data
/// aligned to 64 bytes from the start of the file by an extra field of ID "FB" filled with 'Z', as PyTorch's own
/// writer pads them (so newer torch versions can memory-map the storages). Zip64 is not written, so the archive
/// must stay below 4 GiB.
/// </summary>
internal sealed class TorchCheckpointZipWriter(Stream stream)
{
    private const int Alignment = 64;
    private const int LocalHeaderSize = 30;
    private const int CentralHeaderSize = 46;
    private const ushort PaddingFieldId = 0x4246; // "FB"
    private const ushort DosDate = 0x21; // 1980-01-01, the zip epoch: keeps the output deterministic

    private readonly List<(byte[] Name, uint Crc, uint Size, uint Offset)> _records = [];
    private long _position;

    public void AddRecord(string name, ReadOnlySpan<byte> data)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        long dataStart = _position + LocalHeaderSize + nameBytes.Length + 4;
        int padding = (int)((Alignment - (dataStart % Alignment)) % Alignment);
        if (_position + LocalHeaderSize + nameBytes.Length + 4 + padding + data.Length > uint.MaxValue)
        {
            throw new ArgumentException("The checkpoint would exceed 4 GiB, which this writer does not support (no Zip64).");
        }

        uint crc = Crc32.Compute(data);
        Span<byte> header = stackalloc byte[LocalHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034B50);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20); // version needed: 2.0
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 0); // flags
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], 0); // method: stored
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0); // time
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], (uint)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)nameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)(4 + padding));
        _records.Add((nameBytes, crc, (uint)data.Length, (uint)_position));

        Span<byte> field = stackalloc byte[4 + Alignment];
        BinaryPrimitives.WriteUInt16LittleEndian(field, PaddingFieldId);
        BinaryPrimitives.WriteUInt16LittleEndian(field[2..], (ushort)padding);
        field[4..].Fill((byte)'Z');
        Emit(header);
        Emit(nameBytes);
        Emit(field[..(4 + padding)]);
        Emit(data);
    }

    /// <summary>Writes the central directory and the end record.</summary>
    public void Finish()
    {
        long directoryStart = _position;
        Span<byte> header = stackalloc byte[CentralHeaderSize];
        foreach (var (name, crc, size, offset) in _records)
        {
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014B50);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20); // made by: 2.0, MS-DOS attributes
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header[14..], DosDate);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header[20..], size);
            BinaryPrimitives.WriteUInt32LittleEndian(header[24..], size);
            BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[42..], offset);
            Emit(header);
            Emit(name);
        }

        long directorySize = _position - directoryStart;
        if (_position > uint.MaxValue || _records.Count > ushort.MaxValue)
        {
            throw new ArgumentException("The checkpoint would exceed 4 GiB or 65535 records, which this writer does not support (no Zip64).");
        }

        Span<byte> end = stackalloc byte[22];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)_records.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)_records.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)directoryStart);
        Emit(end);
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        _position += bytes.Length;
    }
}
