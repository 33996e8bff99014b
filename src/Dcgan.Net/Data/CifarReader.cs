using System.Formats.Tar;
using System.IO.Compression;

namespace Dcgan.Net.Data;

/// <summary>
/// Reads the CIFAR-10 binary version: files of 3073-byte records, each a label byte (0-9) followed by a 32x32 RGB
/// image stored as three planes (1024 bytes red, then green, then blue, rows top first), i.e. already [3, 32, 32].
/// </summary>
/// <remarks>
/// Training data is <c>data_batch_1.bin</c> to <c>data_batch_5.bin</c> (10,000 images each), test data is
/// <c>test_batch.bin</c>; they come in <c>cifar-10-binary.tar.gz</c> under <c>cifar-10-batches-bin/</c>. Files must be
/// a whole number of records and labels must be 0-9, or <see cref="InvalidDataException"/> names the file and offset.
/// </remarks>
public static partial class CifarReader
{
    /// <summary>Bytes per record: 1 label byte + 3072 image bytes.</summary>
    public const int RecordLength = 1 + ImageLength;

    /// <summary>Bytes per image: 3 planes of 32x32.</summary>
    public const int ImageLength = 3 * 32 * 32;

    /// <summary>Name of the folder inside the archive: "cifar-10-batches-bin".</summary>
    public const string FolderName = "cifar-10-batches-bin";

    private const int ClassCount = 10;

    /// <summary>The batch file names of a split, in order.</summary>
    /// <param name="train">True for data_batch_1..5.bin, false for test_batch.bin.</param>
    /// <returns>The file names.</returns>
    public static IReadOnlyList<string> BatchNames(bool train) =>
        train ? ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"] : ["test_batch.bin"];

    /// <summary>
    /// Reads a split from a folder, an archive or a single batch file: a directory is searched for the batch files
    /// (in it or in <c>cifar-10-batches-bin/</c> below it); a tar archive (recognised by its header, gzip-compressed
    /// or not) is read as <c>cifar-10-binary.tar.gz</c>; any other file as one batch, raw or gzip-compressed (then
    /// <paramref name="train"/> is ignored).
    /// </summary>
    /// <param name="path">Folder, <c>cifar-10-binary.tar.gz</c>, or a <c>.bin</c> batch file.</param>
    /// <param name="train">True for the five training batches (50,000 images), false for the test batch.</param>
    /// <returns>The images [N, 3, 32, 32] as bytes with their labels.</returns>
    /// <exception cref="FileNotFoundException">The path or a batch file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file or the archive is malformed.</exception>
    public static ByteImageDataset Read(string path, bool train = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return ReadFolder(path, train);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No CIFAR-10 folder, archive or batch file at '{Path.GetFullPath(path)}'.", path);
        }

        return IsTar(path) ? ReadArchive(path, train) : ReadBatchFile(path);
    }

    /// <summary>Reads one batch file (raw or gzip-compressed).</summary>
    /// <param name="path">A file such as <c>data_batch_1.bin</c>.</param>
    /// <returns>The images and labels.</returns>
    /// <exception cref="InvalidDataException">The file is not a whole number of records, or a label is out of range.</exception>
    public static ByteImageDataset ReadBatchFile(string path)
    {
        var batch = new RecordAccumulator();
        batch.AddFile(path);
        return batch.ToDataset();
    }

    /// <summary>Reads a split from the extracted folder.</summary>
    /// <param name="folder">The <c>cifar-10-batches-bin</c> folder or its parent.</param>
    /// <param name="train">True for the training batches, false for the test batch.</param>
    /// <returns>The images [N, 3, 32, 32] with labels, batches in order.</returns>
    /// <exception cref="FileNotFoundException">A batch file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static ByteImageDataset ReadFolder(string folder, bool train = true)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string dir = File.Exists(Path.Combine(folder, BatchNames(train)[0])) ? folder : Path.Combine(folder, FolderName);
        var batch = new RecordAccumulator();
        foreach (string name in BatchNames(train))
        {
            string file = Path.Combine(dir, name);
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"CIFAR-10 batch {name} is missing from '{Path.GetFullPath(dir)}'.", file);
            }

            batch.AddFile(file);
        }

        return batch.ToDataset();
    }

    /// <summary>Reads a split straight from <c>cifar-10-binary.tar.gz</c> (or an uncompressed tar) without extracting it.</summary>
    /// <param name="archivePath">The archive.</param>
    /// <param name="train">True for the training batches, false for the test batch.</param>
    /// <returns>The images [N, 3, 32, 32] with labels, batches in order.</returns>
    /// <exception cref="InvalidDataException">The archive is malformed or truncated, lacks a batch, or a batch is malformed.</exception>
    public static ByteImageDataset ReadArchive(string archivePath, bool train = true)
    {
        ArgumentNullException.ThrowIfNull(archivePath);
        IReadOnlyList<string> names = BatchNames(train);
        var batches = new RecordAccumulator?[names.Count];
        using (Stream stream = BoundedRead.OpenMaybeGzip(archivePath, out _))
        {
            using var tar = new TarReader(stream);
            while (NextEntry(tar, archivePath) is TarEntry entry)
            {
                int slot = IndexOf(names, Path.GetFileName(entry.Name));
                if (slot < 0 || entry.DataStream is null || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    continue;
                }

                if (batches[slot] is not null)
                {
                    throw new InvalidDataException($"{archivePath}: the archive holds {names[slot]} twice (second copy: {entry.Name}).");
                }

                batches[slot] = new RecordAccumulator();
                batches[slot]!.AddStream(entry.DataStream, $"{archivePath}:{entry.Name}");
            }
        }

        var all = new RecordAccumulator();
        for (int i = 0; i < names.Count; i++)
        {
            all.Append(batches[i] ?? throw new InvalidDataException($"{archivePath}: the archive has no {names[i]}."));
        }

        return all.ToDataset();
    }

    // Tar headers (ustar, GNU, pax) carry "ustar" at offset 257; a batch file there holds image bytes.
    private static bool IsTar(string path)
    {
        using Stream stream = BoundedRead.OpenMaybeGzip(path, out _);
        Span<byte> head = stackalloc byte[262];
        try
        {
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head[257..].SequenceEqual("ustar"u8);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    // The tar and gzip readers report damage without naming the archive.
    private static TarEntry? NextEntry(TarReader tar, string archivePath)
    {
        try
        {
            return tar.GetNextEntry();
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{archivePath}: the archive is truncated.", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{archivePath}: the archive is malformed: {ex.Message}", ex);
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
