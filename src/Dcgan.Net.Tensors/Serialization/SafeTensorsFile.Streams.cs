namespace Dcgan.Net.Tensors.Serialization;

// Stream helpers shared by the readers and writers of this namespace (safetensors and PyTorch checkpoints).
public sealed partial class SafeTensorsFile
{
    /// <summary>
    /// Writes a file through a temporary sibling and a rename, so that a crash or an exception never leaves
    /// <paramref name="path"/> half-written: it holds either the old content or the complete new one. With
    /// <paramref name="overwrite"/> false an existing file is kept and the rename throws an <see cref="IOException"/>.
    /// </summary>
    internal static void WriteAtomically(string path, Action<Stream> write, bool overwrite = true)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        bool moved = false;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite);
            moved = true;
        }
        finally
        {
            if (!moved)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Returns <paramref name="stream"/> if it can seek, or else a memory copy of its remaining content (allocated
    /// as the data arrives, so it is bounded by what the stream really holds).
    /// </summary>
    internal static Stream AsSeekable(Stream stream, out bool copied)
    {
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        if (stream.CanSeek)
        {
            copied = false;
            return stream;
        }

        var memory = new MemoryStream();
        stream.CopyTo(memory);
        memory.Position = 0;
        copied = true;
        return memory;
    }
}
