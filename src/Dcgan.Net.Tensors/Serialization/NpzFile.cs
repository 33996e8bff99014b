using System.IO.Compression;

namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// Reads and writes NumPy <c>.npz</c> archives: a ZIP file with one <c>.npy</c> member per array, as written by
/// <c>numpy.savez</c> (stored) and <c>numpy.savez_compressed</c> (deflated). Array names are the member names
/// without the <c>.npy</c> suffix, so pytorch-fid's statistics file holds <c>mu</c> and <c>sigma</c>.
/// </summary>
public static class NpzFile
{
    private const string Suffix = ".npy";

    /// <summary>Reads every <c>.npy</c> member of the archive at <paramref name="path"/>.</summary>
    /// <returns>Arrays by name (member name without <c>.npy</c>), in archive order; other members are skipped.</returns>
    /// <exception cref="InvalidDataException">The file is not a ZIP archive or a member is not a valid .npy file.</exception>
    public static IReadOnlyDictionary<string, RawArray> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <summary>Reads every <c>.npy</c> member of the archive in <paramref name="stream"/>.</summary>
    /// <returns>Arrays by name (member name without <c>.npy</c>), in archive order; other members are skipped.</returns>
    /// <exception cref="InvalidDataException">The stream is not a ZIP archive or a member is not a valid .npy file.</exception>
    public static IReadOnlyDictionary<string, RawArray> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Not a .npz file: the ZIP directory cannot be read ({e.Message}).", e);
        }

        using (archive)
        {
            var arrays = new Dictionary<string, RawArray>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries)
            {
                if (!entry.FullName.EndsWith(Suffix, StringComparison.Ordinal))
                {
                    continue;
                }

                string name = entry.FullName[..^Suffix.Length];
                if (arrays.ContainsKey(name))
                {
                    throw new InvalidDataException($"The .npz archive holds the member '{entry.FullName}' twice.");
                }

                arrays[name] = ReadMember(entry);
            }

            return arrays;
        }
    }

    /// <summary>Writes <paramref name="arrays"/> to <paramref name="path"/> like <c>numpy.savez[_compressed]</c>.</summary>
    /// <param name="path">Output file; replaced if it exists.</param>
    /// <param name="arrays">Name/array pairs; each becomes the member <c>name.npy</c>.</param>
    /// <param name="compressed">Deflate the members (<c>savez_compressed</c>); default true. False stores them (<c>savez</c>).</param>
    /// <exception cref="ArgumentException">A name is empty or repeated.</exception>
    /// <exception cref="NotSupportedException">An array's element type has no numpy dtype (bfloat16).</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, RawArray>> arrays, bool compressed = true)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var list = Validate(arrays);
        using var stream = File.Create(path);
        WriteValidated(stream, list, compressed);
    }

    /// <summary>Writes <paramref name="arrays"/> to <paramref name="stream"/> like <c>numpy.savez[_compressed]</c>.</summary>
    /// <param name="stream">Destination; left open.</param>
    /// <param name="arrays">Name/array pairs; each becomes the member <c>name.npy</c>.</param>
    /// <param name="compressed">Deflate the members (<c>savez_compressed</c>); default true. False stores them (<c>savez</c>).</param>
    /// <exception cref="ArgumentException">A name is empty or repeated.</exception>
    /// <exception cref="NotSupportedException">An array's element type has no numpy dtype (bfloat16).</exception>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, RawArray>> arrays, bool compressed = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        WriteValidated(stream, Validate(arrays), compressed);
    }

    private static RawArray ReadMember(ZipArchiveEntry entry)
    {
        try
        {
            using var member = entry.Open();

            // The member's declared length comes from the archive and may lie, so the reader grows its buffer
            // only as bytes arrive.
            return NpyFile.Read(member, trustLength: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The .npz member '{entry.FullName}' is invalid: {e.Message}", e);
        }
    }

    private static List<KeyValuePair<string, RawArray>> Validate(IEnumerable<KeyValuePair<string, RawArray>> arrays)
    {
        var list = arrays.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, array) in list)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("An .npz array name is empty.", nameof(arrays));
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"The .npz array name '{name}' is given twice.", nameof(arrays));
            }

            ArgumentNullException.ThrowIfNull(array, nameof(arrays));
            NpyDataTypes.ToDescr(array.DataType);
        }

        return list;
    }

    private static void WriteValidated(Stream stream, List<KeyValuePair<string, RawArray>> arrays, bool compressed)
    {
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var level = compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        foreach (var (name, array) in arrays)
        {
            var entry = archive.CreateEntry(name + Suffix, level);
            using var member = entry.Open();
            NpyFile.Write(member, array);
        }
    }
}
