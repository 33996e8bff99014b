using System.Security.Cryptography;

namespace Dcgan.Net.Data;

/// <summary>
/// Downloads MNIST-format data sets (<see cref="MnistDownloadSource.Mnist"/>, <see cref="MnistDownloadSource.FashionMnist"/>)
/// into a cache folder, verifying each file's MD5. Files already present with the right checksum are not downloaded
/// again, so a complete cache needs no network.
/// </summary>
/// <remarks>
/// For each file the mirrors are tried in order; a mirror is skipped when it fails (connection error, timeout, HTTP
/// error status such as 404) or serves a file with the wrong checksum or larger than <see cref="MaxFileBytes"/>.
/// A file is written to a temporary name in the target folder and renamed only after its checksum matched, so the
/// folder never holds a partial or unverified file under the real name. When no mirror succeeds a
/// <see cref="DatasetDownloadException"/> lists the attempts and says where to copy the files by hand.
/// The files stay compressed: <see cref="MnistDataset.Load"/> reads the <c>.gz</c> files directly.
/// </remarks>
public sealed class MnistDownloader
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(10) });

    private readonly HttpClient? _httpClient;

    /// <summary>Creates a downloader.</summary>
    /// <param name="httpClient">The client to use (e.g. with a proxy, or a test handler); not disposed by the
    /// downloader. Default: a shared client with a 10-minute timeout.</param>
    public MnistDownloader(HttpClient? httpClient = null) => _httpClient = httpClient;

    /// <summary>
    /// The cache root: <c>$XDG_CACHE_HOME/dcgan-net</c> when that variable is set, otherwise
    /// <c>~/.cache/dcgan-net</c> (on Windows <c>%LOCALAPPDATA%\dcgan-net</c>). Each source has a sub-folder named after it.
    /// </summary>
    public static string DefaultCacheRoot
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg))
            {
                return Path.Combine(xdg, "dcgan-net");
            }

            return OperatingSystem.IsWindows()
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "dcgan-net")
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "dcgan-net");
        }
    }

    /// <summary>Largest file accepted from a mirror, in bytes; larger answers are rejected. Default 256 MiB.</summary>
    public long MaxFileBytes { get; init; } = 256L << 20;

    /// <summary>Receives one line per action ("Downloading URL", failures, cache hits). Default null (silent).</summary>
    public IProgress<string>? Log { get; init; }

    /// <summary>The default folder of <paramref name="source"/>: <see cref="DefaultCacheRoot"/>/<c>source.Name</c>.</summary>
    /// <param name="source">The data set.</param>
    /// <returns>The folder path.</returns>
    public static string DefaultFolder(MnistDownloadSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Path.Combine(DefaultCacheRoot, source.Name);
    }

    /// <summary>Whether every file of <paramref name="source"/> is in <paramref name="folder"/> with the right checksum.</summary>
    /// <param name="source">The data set.</param>
    /// <param name="folder">The folder; default <see cref="DefaultFolder"/>.</param>
    /// <returns>True when nothing needs downloading.</returns>
    public static bool IsComplete(MnistDownloadSource source, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        folder ??= DefaultFolder(source);
        return source.Resources.All(r => VerifiedDownload.HasValidCopy(Path.Combine(folder, r.FileName), HashAlgorithmName.MD5, r.Md5));
    }

    /// <summary>Downloads the missing files of <paramref name="source"/> (blocking).</summary>
    /// <param name="source">The data set, e.g. <see cref="MnistDownloadSource.Mnist"/>.</param>
    /// <param name="folder">Target folder, created when missing. Default <see cref="DefaultFolder"/>.</param>
    /// <returns>The folder, ready for <see cref="MnistDataset.Load"/>.</returns>
    /// <exception cref="DatasetDownloadException">A file could not be obtained from any mirror.</exception>
    public string Download(MnistDownloadSource source, string? folder = null) =>
        DownloadAsync(source, folder).GetAwaiter().GetResult();

    /// <summary>Downloads the missing files of <paramref name="source"/>.</summary>
    /// <param name="source">The data set, e.g. <see cref="MnistDownloadSource.Mnist"/>.</param>
    /// <param name="folder">Target folder, created when missing. Default <see cref="DefaultFolder"/>.</param>
    /// <param name="cancellationToken">Cancels the download; a partial file is removed.</param>
    /// <returns>The folder, ready for <see cref="MnistDataset.Load"/>.</returns>
    /// <exception cref="DatasetDownloadException">A file could not be obtained from any mirror.</exception>
    /// <exception cref="OperationCanceledException">Cancelled through <paramref name="cancellationToken"/>.</exception>
    public async Task<string> DownloadAsync(MnistDownloadSource source, string? folder = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        folder = Path.GetFullPath(folder ?? DefaultFolder(source));
        Directory.CreateDirectory(folder);
        // MD5 is what the data set publishers give; it detects corrupt or wrong files, not tampering.
        var download = new VerifiedDownload(_httpClient ?? SharedClient.Value, HashAlgorithmName.MD5, MaxFileBytes, Log);
        foreach (DownloadResource resource in source.Resources)
        {
            string target = Path.Combine(folder, resource.FileName);
            if (download.IsCached(target, resource.Md5))
            {
                continue;
            }

            var urls = source.Mirrors.Select(mirror => new Uri(mirror, resource.FileName));
            var failed = await download.FetchAsync(urls, target, resource.Md5, cancellationToken).ConfigureAwait(false);
            if (failed is { } f)
            {
                string manual = string.Join(", ", source.Resources);
                throw new DatasetDownloadException(
                    $"Could not download {resource.FileName} of {source.Name} from any mirror:{f.Failures}\n" +
                    $"If this machine is offline, download the files elsewhere and copy them into '{folder}': {manual}. " +
                    "Or load a folder that already holds them with MnistDataset.Load(folder).",
                    folder,
                    resource.FileName,
                    f.Last);
            }
        }

        return folder;
    }
}
