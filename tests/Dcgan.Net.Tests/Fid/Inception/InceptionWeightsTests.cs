using System.Security.Cryptography;
using Dcgan.Net.Data;
using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tests.Data;

namespace Dcgan.Net.Tests.Fid.Inception;

/// <summary>The downloader against a local fake server: no test touches the network or needs the real file.</summary>
public sealed class InceptionWeightsTests : IDisposable
{
    private static readonly byte[] Content = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))];
    private static readonly string ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(Content));

    private readonly FakeMirrorServer _server = new();
    private readonly DataFixtures.TempFolder _temp = DataFixtures.NewTempFolder();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Download_VerifiesAndCaches()
    {
        _server.Serve("fid", InceptionWeights.FileName, Content);

        string path = await Downloader().DownloadAsync(_temp.Path);
        string again = await Downloader().DownloadAsync(_temp.Path);

        Assert.Equal(Path.Combine(Path.GetFullPath(_temp.Path), InceptionWeights.FileName), path);
        Assert.Equal(path, again);
        Assert.Equal(Content, File.ReadAllBytes(path));
        Assert.Equal(1, _server.TotalRequests);
    }

    [Fact]
    public async Task Download_WrongChecksum_ThrowsAndKeepsNothing()
    {
        byte[] corrupt = [.. Content];
        corrupt[100] ^= 1;
        _server.Serve("fid", InceptionWeights.FileName, corrupt);

        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => Downloader().DownloadAsync(_temp.Path));

        Assert.Contains("checksum mismatch: SHA-256", ex.Message);
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task Download_Offline_SaysWhereToPutTheFile()
    {
        var offline = new InceptionWeights(_client) { Source = new Uri($"http://127.0.0.1:{FakeMirrorServer.FreePort()}/fid/{InceptionWeights.FileName}") };

        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => offline.DownloadAsync(_temp.Path));

        Assert.Contains(InceptionWeights.Url.ToString(), ex.Message);
        Assert.Contains(Path.Combine(Path.GetFullPath(_temp.Path), InceptionWeights.FileName), ex.Message);
        Assert.Contains(InceptionWeights.Sha256, ex.Message);
        Assert.Equal(InceptionWeights.FileName, ex.FileName);
        Assert.Equal(Path.GetFullPath(_temp.Path), ex.Folder);
    }

    [Fact]
    public void Defaults_NameTheKnownFile()
    {
        Assert.Equal("pt_inception-2015-12-05-6726825d.pth", InceptionWeights.FileName);
        Assert.StartsWith(InceptionWeights.FileName[^12..^4], InceptionWeights.Sha256);
        Assert.EndsWith("/fid_weights/" + InceptionWeights.FileName, InceptionWeights.Url.AbsoluteUri);
        Assert.Equal(Path.Combine(InceptionWeights.DefaultFolder, InceptionWeights.FileName), InceptionWeights.DefaultPath);
        Assert.False(InceptionWeights.IsCached(_temp.Path));
    }

    private InceptionWeights Downloader() => new(_client)
    {
        Source = new Uri(_server.Mirror("fid"), InceptionWeights.FileName),
        ExpectedSha256 = ContentSha256,
    };
}
