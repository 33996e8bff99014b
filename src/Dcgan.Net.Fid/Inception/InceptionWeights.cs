using System.Security.Cryptography;
using Dcgan.Net.Data;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// pytorch-fid's weight file for <see cref="InceptionV3"/>: where it comes from, its checksum, and a downloader
/// that keeps it in a cache folder. A cached file with the right SHA-256 is used without any network access.
/// </summary>
/// <remarks>
/// The file (about 95.6 MB) is the TensorFlow FID graph's weights ported by pytorch-fid (release "fid_weights",
/// 2019). It is written to a temporary name and renamed only after its SHA-256 matched, so the cache never holds
/// a partial or corrupt copy under the real name. Offline, <see cref="DownloadAsync"/> throws a
/// <see cref="DatasetDownloadException"/> that gives the URL and the exact path to put the file at.
/// </remarks>
public sealed class InceptionWeights
{
    /// <summary>The file name pytorch-fid downloads and caches.</summary>
    public const string FileName = "pt_inception-2015-12-05-6726825d.pth";

    /// <summary>SHA-256 of the file, lower-case hexadecimal (its first 8 digits are the suffix of the name).</summary>
    public const string Sha256 = "6726825d0af5f729cebd5821db510b11b1cfad8faad88a03f1befd49fb9129b2";

    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(30) });

    private readonly HttpClient? _httpClient;

    /// <summary>Creates a downloader.</summary>
    /// <param name="httpClient">The client to use (a proxy, a test handler); not disposed here. Default: a shared
    /// client with a 30-minute timeout.</param>
    public InceptionWeights(HttpClient? httpClient = null) => _httpClient = httpClient;

    /// <summary>pytorch-fid's download URL (its <c>FID_WEIGHTS_URL</c>).</summary>
    public static Uri Url { get; } =
        new("https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/pt_inception-2015-12-05-6726825d.pth");

    /// <summary>The cache folder: <see cref="MnistDownloader.DefaultCacheRoot"/>/<c>inception</c>.</summary>
    public static string DefaultFolder => Path.Combine(MnistDownloader.DefaultCacheRoot, "inception");

    /// <summary>Where the file is cached by default: <see cref="DefaultFolder"/>/<see cref="FileName"/>.</summary>
    public static string DefaultPath => Path.Combine(DefaultFolder, FileName);

    /// <summary>Where to download from. Default <see cref="Url"/>; set a mirror of the same file.</summary>
    public Uri Source { get; init; } = Url;

    /// <summary>Largest answer accepted, in bytes. Default 128 MiB.</summary>
    public long MaxFileBytes { get; init; } = 128L << 20;

    /// <summary>Receives one line per action (downloading, failures, cache hits). Default null (silent).</summary>
    public IProgress<string>? Log { get; init; }

    /// <summary>The checksum to verify against: <see cref="Sha256"/>, or a test file's own.</summary>
    internal string ExpectedSha256 { get; init; } = Sha256;

    /// <summary>Whether <paramref name="folder"/> (default <see cref="DefaultFolder"/>) holds the file with the right SHA-256.</summary>
    /// <param name="folder">The cache folder.</param>
    /// <returns>True when nothing needs downloading.</returns>
    public static bool IsCached(string? folder = null) =>
        VerifiedDownload.HasValidCopy(Path.Combine(folder ?? DefaultFolder, FileName), HashAlgorithmName.SHA256, Sha256);

    /// <summary>Downloads the file unless it is cached (blocking); see <see cref="DownloadAsync"/>.</summary>
    /// <param name="folder">Cache folder, created when missing. Default <see cref="DefaultFolder"/>.</param>
    /// <returns>The path of the verified file, ready for <see cref="InceptionV3.Load"/>.</returns>
    /// <exception cref="DatasetDownloadException">The file could not be downloaded or failed its checksum.</exception>
    public string Download(string? folder = null) => DownloadAsync(folder).GetAwaiter().GetResult();

    /// <summary>Downloads the file into <paramref name="folder"/> unless a verified copy is already there.</summary>
    /// <param name="folder">Cache folder, created when missing. Default <see cref="DefaultFolder"/>.</param>
    /// <param name="cancellationToken">Cancels the download; a partial file is removed.</param>
    /// <returns>The path of the verified file, ready for <see cref="InceptionV3.Load"/>.</returns>
    /// <exception cref="DatasetDownloadException">The file could not be downloaded (offline, HTTP error) or failed its
    /// checksum; the message says where to put a copy obtained elsewhere.</exception>
    /// <exception cref="OperationCanceledException">Cancelled through <paramref name="cancellationToken"/>.</exception>
    public async Task<string> DownloadAsync(string? folder = null, CancellationToken cancellationToken = default)
    {
        folder = Path.GetFullPath(folder ?? DefaultFolder);
        Directory.CreateDirectory(folder);
        string target = Path.Combine(folder, FileName);
        var download = new VerifiedDownload(_httpClient ?? SharedClient.Value, HashAlgorithmName.SHA256, MaxFileBytes, Log);
        if (download.IsCached(target, ExpectedSha256))
        {
            return target;
        }

        var failed = await download.FetchAsync([Source], target, ExpectedSha256, cancellationToken).ConfigureAwait(false);
        if (failed is { } f)
        {
            throw new DatasetDownloadException($"Could not download the Inception weights:{f.Failures}\n{HowToGet(target)}", folder, FileName, f.Last);
        }

        return target;
    }

    /// <summary>The instructions for obtaining the file by hand and putting it at <paramref name="target"/>.</summary>
    internal static string HowToGet(string target) =>
        $"If this machine is offline, download {Url} elsewhere (SHA-256 {Sha256}) and copy it to '{target}', " +
        $"or pass the path of a copy to InceptionV3.Load(path) or FidCalculator.FromPytorchFidWeights(path).";
}
