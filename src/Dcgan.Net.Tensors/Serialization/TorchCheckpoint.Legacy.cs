using System.Buffers.Binary;
using System.Numerics;

namespace Dcgan.Net.Tensors.Serialization;

public static partial class TorchCheckpoint
{
    private const long LegacyProtocolVersion = 1001;
    private static readonly BigInteger LegacyMagic = BigInteger.Parse("1950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber);

    // The legacy format (torch.save before 1.6, or _use_new_zipfile_serialization=False), as written by torch
    // 1.13.1's _legacy_save and checked with pickletools (tools/make_serialization_fixtures.py): five pickles - the
    // magic number, the protocol version 1001, a sys-info dict, the object, the list of storage keys - then, for
    // each key of that list, an int64 little-endian element count and the storage's raw little-endian bytes.
    private static object? ReadLegacy(Stream stream, long length)
    {
        var resolver = new TorchCheckpointResolver(length);
        if (new PickleReader(stream, resolver).Load() is not BigInteger magic || magic != LegacyMagic)
        {
            throw new InvalidDataException("The content starts with a pickle but not with the PyTorch magic number; it is not a checkpoint.");
        }

        if (new PickleReader(stream, resolver).Load() is not long version || version != LegacyProtocolVersion)
        {
            throw new InvalidDataException($"The legacy checkpoint's protocol version is not {LegacyProtocolVersion}.");
        }

        if (new PickleReader(stream, resolver).Load() is OrderedDictionary<object, object?> sysInfo
            && sysInfo.TryGetValue("little_endian", out object? little) && little is false)
        {
            throw new InvalidDataException("The checkpoint was saved on a big-endian machine, which is not supported.");
        }

        object? root = new PickleReader(stream, resolver).Load();
        if (new PickleReader(stream, resolver).Load() is not List<object?> keys)
        {
            throw new InvalidDataException("The legacy checkpoint's storage key list is missing or not a list.");
        }

        foreach (object? key in keys)
        {
            ReadLegacyStorage(stream, resolver, key);
        }

        foreach (TorchCheckpointStorage storage in resolver.Storages.Values)
        {
            if (storage.Data is null)
            {
                throw new InvalidDataException($"The legacy checkpoint has no data for storage '{storage.Key}'.");
            }
        }

        return Materialize(root, length);
    }

    private static void ReadLegacyStorage(Stream stream, TorchCheckpointResolver resolver, object? key)
    {
        long at = stream.Position;
        if (key is not string name || !resolver.Storages.TryGetValue(name, out TorchCheckpointStorage? storage))
        {
            throw new InvalidDataException($"The legacy checkpoint lists storage {PickleReader.Describe(key)} '{key}', which no tensor uses.");
        }

        if (storage.Data is not null)
        {
            throw new InvalidDataException($"The legacy checkpoint lists storage '{name}' twice.");
        }

        Span<byte> countBytes = stackalloc byte[8];
        ReadLegacyBytes(stream, countBytes, name, at);
        long count = BinaryPrimitives.ReadInt64LittleEndian(countBytes);
        if (count != storage.ElementCount)
        {
            throw new InvalidDataException(
                $"Storage '{name}' at byte {at} of the legacy checkpoint holds {count} elements; its tensors expect {storage.ElementCount}.");
        }

        // The resolver already bounded ElementCount * element size by the input length.
        var data = new byte[count * RawArray.ElementSize(storage.DataType)];
        ReadLegacyBytes(stream, data, name, at);
        storage.Data = data;
    }

    private static void ReadLegacyBytes(Stream stream, Span<byte> buffer, string name, long at)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The legacy checkpoint ends inside storage '{name}' (which starts at byte {at}).", e);
        }
    }
}
