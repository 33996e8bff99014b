using System.IO.Compression;

namespace Dcgan.Net.Tensors.Serialization;

public static partial class TorchCheckpoint
{
    // The zip format (spec 6.1): every record lives under one folder, named by the first entry; the pickle is
    // <folder>/data.pkl and storage <key> is the raw record <folder>/data/<key>.
    private static object? ReadZip(Stream stream, long length)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        if (zip.Entries.Count == 0)
        {
            throw new InvalidDataException("The checkpoint zip has no entries.");
        }

        string first = zip.Entries[0].FullName;
        int slash = first.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new InvalidDataException($"The checkpoint zip's first entry '{first}' is not inside a folder.");
        }

        string folder = first[..(slash + 1)];
        if (zip.GetEntry(folder + "constants.pkl") is not null)
        {
            throw new InvalidDataException("The zip is a TorchScript archive (torch.jit.save), not a torch.save checkpoint.");
        }

        ZipArchiveEntry pickleEntry = zip.GetEntry(folder + "data.pkl")
            ?? throw new InvalidDataException($"The checkpoint zip has no '{folder}data.pkl' record.");
        if (zip.GetEntry(folder + "byteorder") is ZipArchiveEntry byteOrder)
        {
            byte[] order = ReadEntry(byteOrder, length);
            if (!order.AsSpan().SequenceEqual("little"u8))
            {
                throw new InvalidDataException("The checkpoint was saved on a big-endian machine, which is not supported.");
            }
        }

        var resolver = new TorchCheckpointResolver(length);
        object? root;
        using (var pickle = new MemoryStream(ReadEntry(pickleEntry, length), writable: false))
        {
            root = new PickleReader(pickle, resolver).Load();
        }

        foreach (TorchCheckpointStorage storage in resolver.Storages.Values)
        {
            string name = $"{folder}data/{storage.Key}";
            ZipArchiveEntry entry = zip.GetEntry(name)
                ?? throw new InvalidDataException($"The checkpoint zip has no record '{name}' for storage '{storage.Key}'.");
            byte[] data = ReadEntry(entry, length);
            long expected = storage.ElementCount * RawArray.ElementSize(storage.DataType);
            if (data.LongLength != expected)
            {
                throw new InvalidDataException(
                    $"The checkpoint record '{name}' holds {data.LongLength} bytes; its {storage.DataType} storage of " +
                    $"{storage.ElementCount} elements needs {expected}.");
            }

            storage.Data = data;
        }

        return Materialize(root, length);
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, long fileLength)
    {
        // torch.save stores records uncompressed, so a record can never be larger than the file.
        if (entry.Length != entry.CompressedLength || entry.Length > fileLength || entry.Length > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"The checkpoint record '{entry.FullName}' claims {entry.Length} bytes ({entry.CompressedLength} compressed) " +
                $"in a {fileLength}-byte file; records must be stored uncompressed.");
        }

        var data = new byte[entry.Length];
        using Stream source = entry.Open();
        try
        {
            source.ReadExactly(data);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The checkpoint record '{entry.FullName}' is truncated.", e);
        }

        return data;
    }
}
