namespace Dcgan.Net.Data;

/// <summary>
/// A data set file (or the Inception weight file of Dcgan.Net.Fid) could not be downloaded from any mirror (offline,
/// every mirror failing, or every copy failing its checksum). The message lists each attempt and says where to put
/// the files by hand.
/// </summary>
public sealed class DatasetDownloadException : IOException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DatasetDownloadException()
        : base("A data set file could not be downloaded.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public DatasetDownloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the last underlying failure.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The last failure.</param>
    public DatasetDownloadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a file that no mirror delivered.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="folder">The folder the file belongs in.</param>
    /// <param name="fileName">The file that failed.</param>
    /// <param name="innerException">The last failure, or null.</param>
    public DatasetDownloadException(string message, string folder, string fileName, Exception? innerException)
        : base(message, innerException)
    {
        Folder = folder;
        FileName = fileName;
    }

    /// <summary>The folder the files belong in (copy them there by hand when offline), or null.</summary>
    public string? Folder { get; }

    /// <summary>The file that could not be downloaded, or null.</summary>
    public string? FileName { get; }
}
