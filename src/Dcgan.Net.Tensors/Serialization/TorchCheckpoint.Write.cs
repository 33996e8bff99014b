using System.Globalization;

namespace Dcgan.Net.Tensors.Serialization;

public static partial class TorchCheckpoint
{
    private const string ArchiveFolder = "archive/";

    /// <summary>
    /// Writes a state dict as a PyTorch zip checkpoint that <c>torch.load</c> (1.6 and later) reads into an
    /// <c>OrderedDict</c> of contiguous CPU tensors. The file is written to a temporary sibling and renamed, so an
    /// existing file is never left half-written.
    /// </summary>
    /// <param name="path">Destination file; replaced if it exists.</param>
    /// <param name="entries">Tensors by state-dict name, in the order to save. Entries that are the same
    /// <see cref="RawArray"/> instance share one storage, as tied weights do in PyTorch.</param>
    /// <exception cref="ArgumentException">A name is null, duplicated or not valid UTF-16, or the file would exceed 4 GiB.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteStateDict(string path, IEnumerable<KeyValuePair<string, RawArray>> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (list, keys, pickle) = PrepareStateDict(entries);
        SafeTensorsFile.WriteAtomically(path, stream => EmitStateDict(stream, list, keys, pickle));
    }

    /// <summary>Writes a state dict as a PyTorch zip checkpoint to <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream, written from its current position and left open.</param>
    /// <param name="entries">Tensors by state-dict name, in the order to save.</param>
    /// <exception cref="ArgumentException">A name is null, duplicated or not valid UTF-16, or the output would exceed 4 GiB.</exception>
    public static void WriteStateDict(Stream stream, IEnumerable<KeyValuePair<string, RawArray>> entries)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (list, keys, pickle) = PrepareStateDict(entries);
        EmitStateDict(stream, list, keys, pickle);
    }

    private static (List<KeyValuePair<string, RawArray>> Entries, List<string> StorageKeys, byte[] Pickle) PrepareStateDict(
        IEnumerable<KeyValuePair<string, RawArray>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<KeyValuePair<string, RawArray>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var storageOf = new Dictionary<RawArray, string>(ReferenceEqualityComparer.Instance);
        var keys = new List<string>();
        foreach (var pair in entries)
        {
            ArgumentNullException.ThrowIfNull(pair.Key, nameof(entries));
            if (pair.Value is null)
            {
                throw new ArgumentException($"Tensor '{pair.Key}' is null.", nameof(entries));
            }

            if (!names.Add(pair.Key))
            {
                throw new ArgumentException($"Tensor name '{pair.Key}' appears twice.", nameof(entries));
            }

            if (!storageOf.TryGetValue(pair.Value, out string? key))
            {
                key = storageOf.Count.ToString(CultureInfo.InvariantCulture);
                storageOf.Add(pair.Value, key);
            }

            list.Add(pair);
            keys.Add(key);
        }

        return (list, keys, PickleWriter.StateDict(list, keys));
    }

    private static void EmitStateDict(Stream stream, List<KeyValuePair<string, RawArray>> entries, List<string> keys, byte[] pickle)
    {
        var zip = new TorchCheckpointZipWriter(stream);
        zip.AddRecord(ArchiveFolder + "data.pkl", pickle);
        zip.AddRecord(ArchiveFolder + "byteorder", "little"u8);
        var written = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i++)
        {
            if (written.Add(keys[i]))
            {
                zip.AddRecord($"{ArchiveFolder}data/{keys[i]}", entries[i].Value.Data);
            }
        }

        zip.AddRecord(ArchiveFolder + "version", "3\n"u8);
        zip.Finish();
        stream.Flush();
    }
}
