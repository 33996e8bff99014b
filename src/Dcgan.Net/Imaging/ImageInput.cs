namespace Dcgan.Net.Imaging;

/// <summary>Reads whole encoded files into memory under <see cref="ImageDecoderOptions.MaxInputBytes"/>.</summary>
internal static class ImageInput
{
    /// <summary>Reads <paramref name="stream"/> to its end, refusing more than the input limit.</summary>
    public static byte[] ReadAll(Stream stream, ImageDecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            ThrowIfTooLarge(remaining, options);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            ThrowIfTooLarge(buffer.Length + read, options);
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads the file at <paramref name="path"/>, refusing files larger than the input limit.</summary>
    public static byte[] ReadFile(string path, ImageDecoderOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        ThrowIfTooLarge(file.Length, options);
        var bytes = GC.AllocateUninitializedArray<byte>((int)file.Length);
        file.ReadExactly(bytes);
        return bytes;
    }

    private static void ThrowIfTooLarge(long length, ImageDecoderOptions options)
    {
        if (length > options.MaxInputBytes || length > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"Input of {length} bytes exceeds the limit of {Math.Min(options.MaxInputBytes, Array.MaxLength)} bytes (ImageDecoderOptions.MaxInputBytes).");
        }
    }
}
