namespace Dcgan.Net.Data;

/// <summary>One file of a downloadable data set: its name on the mirrors and in the cache, and its MD5 checksum.</summary>
public sealed class DownloadResource
{
    /// <summary>Creates a resource description.</summary>
    /// <param name="fileName">Plain file name (no folders), e.g. "train-images-idx3-ubyte.gz".</param>
    /// <param name="md5">Expected MD5 of the file as 32 hexadecimal digits.</param>
    /// <exception cref="ArgumentException">The name is empty or contains a path separator, or the checksum is not 32 hex digits.</exception>
    public DownloadResource(string fileName, string md5)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(md5);
        if (fileName.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || fileName is "." or "..")
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
        }

        if (md5.Length != 32 || !md5.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{md5}' is not an MD5 checksum (32 hexadecimal digits).", nameof(md5));
        }

        FileName = fileName;
        Md5 = md5.ToLowerInvariant();
    }

    /// <summary>The file name on the mirrors and in the cache folder.</summary>
    public string FileName { get; }

    /// <summary>Expected MD5, 32 lower-case hexadecimal digits.</summary>
    public string Md5 { get; }

    /// <summary>"name (MD5 checksum)".</summary>
    public override string ToString() => $"{FileName} (MD5 {Md5})";
}
