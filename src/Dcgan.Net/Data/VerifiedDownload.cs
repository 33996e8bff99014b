using System.Security.Cryptography;
using System.Text;

namespace Dcgan.Net.Data;

/// <summary>
/// Fetches one file over HTTP into its folder, trying URLs in order, and gives it its real name only after its
/// checksum matched: a URL is skipped when it fails (connection error, timeout, HTTP error status), serves more
/// than <see cref="MaxFileBytes"/> or serves a file with the wrong checksum. The file is written to a temporary
/// sibling first, so the folder never holds a partial or unverified file under the real name. Shared by the data
/// set and model-weight downloaders.
/// </summary>
internal sealed class VerifiedDownload
{
    private readonly HttpClient _client;

    /// <summary>Creates a fetcher.</summary>
    /// <param name="client">The client to use.</param>
    /// <param name="algorithm">Checksum algorithm (MD5 for the data sets, SHA-256 for the Inception weights).</param>
    /// <param name="maxFileBytes">Largest answer accepted.</param>
    /// <param name="log">Receives one line per attempt and failure, or null.</param>
    public VerifiedDownload(HttpClient client, HashAlgorithmName algorithm, long maxFileBytes, IProgress<string>? log)
    {
        _client = client;
        Algorithm = algorithm;
        MaxFileBytes = maxFileBytes;
        Log = log;
    }

    /// <summary>The checksum algorithm.</summary>
    public HashAlgorithmName Algorithm { get; }

    /// <summary>Largest answer accepted, in bytes.</summary>
    public long MaxFileBytes { get; }

    /// <summary>The log, or null.</summary>
    public IProgress<string>? Log { get; }

    /// <summary>"MD5" or "SHA-256", as checksums are usually labelled.</summary>
    public string Label => Algorithm == HashAlgorithmName.SHA256 ? "SHA-256" : Algorithm.Name ?? "hash";

    /// <summary>The checksum of a file as lower-case hexadecimal digits.</summary>
    public static string HashOf(string path, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, n);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Whether <paramref name="path"/> exists with checksum <paramref name="expected"/>.</summary>
    public static bool HasValidCopy(string path, HashAlgorithmName algorithm, string expected) =>
        File.Exists(path) && HashOf(path, algorithm) == expected;

    /// <summary>Whether <paramref name="target"/> is already there with the right checksum (logging what it found).</summary>
    public bool IsCached(string target, string expected)
    {
        if (!File.Exists(target))
        {
            return false;
        }

        string cached = HashOf(target, Algorithm);
        if (cached == expected)
        {
            Log?.Report($"Using cached {target}");
            return true;
        }

        Log?.Report($"Cached {target} has {Label} {cached}, expected {expected}; downloading it again");
        return false;
    }

    /// <summary>Fetches the file from the first URL that delivers it with checksum <paramref name="expected"/>.</summary>
    /// <returns>Null on success; otherwise one line per failed URL and the last exception.</returns>
    public async Task<(string Failures, Exception? Last)?> FetchAsync(
        IEnumerable<Uri> urls, string target, string expected, CancellationToken cancellationToken)
    {
        var failures = new StringBuilder();
        Exception? last = null;
        foreach (Uri url in urls)
        {
            Log?.Report($"Downloading {url}");
            string? failure;
            try
            {
                failure = await TryFetchAsync(url, target, expected, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or UnauthorizedAccessException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = ex;
                failure = ex is OperationCanceledException ? "timed out" : ex.Message;
            }

            if (failure is null)
            {
                return null;
            }

            Log?.Report($"Failed to download {url}: {failure}");
            failures.Append("\n  ").Append(url).Append(": ").Append(failure);
        }

        return (failures.ToString(), last);
    }

    /// <returns>Null on success, otherwise why this URL's answer was rejected.</returns>
    private async Task<string?> TryFetchAsync(Uri url, string target, string expected, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return $"HTTP {(int)response.StatusCode} ({response.ReasonPhrase})";
        }

        if (response.Content.Headers.ContentLength > MaxFileBytes)
        {
            return $"the file is {response.Content.Headers.ContentLength} bytes, more than MaxFileBytes = {MaxFileBytes}";
        }

        string temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.part");
        try
        {
            string? problem;
            string hash;
            var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (input.ConfigureAwait(false))
                {
                    (problem, hash) = await CopyHashedAsync(input, output, cancellationToken).ConfigureAwait(false);
                }
            }

            if (problem is not null)
            {
                return problem;
            }

            if (hash != expected)
            {
                return $"checksum mismatch: {Label} {hash}, expected {expected}";
            }

            File.Move(temp, target, overwrite: true);
            return null;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task<(string? Problem, string Hash)> CopyHashedAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(Algorithm);
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += n;
            if (total > MaxFileBytes)
            {
                return ($"the file is larger than MaxFileBytes = {MaxFileBytes}", string.Empty);
            }

            hash.AppendData(buffer, 0, n);
            await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }

        return (null, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
