using System.Text.Json;
using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public sealed class MnistDownloaderTests : IDisposable
{
    private static readonly string[] Names =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    private readonly FakeMirrorServer _server = new();
    private readonly DataFixtures.TempFolder _temp = DataFixtures.NewTempFolder();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly JsonElement _md5s = DataFixtures.Json("fake_mnist.json");

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Download_FromFirstMirror_VerifiesAndLoads()
    {
        ServeAll("a");
        var downloader = new MnistDownloader(_client);

        string folder = await downloader.DownloadAsync(Source("a", "b"), _temp.Path);

        Assert.Equal(Path.GetFullPath(_temp.Path), folder);
        Assert.Equal(Names.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal(0, _server.Requests("b", Names[0]));
        Assert.Equal(3, MnistDataset.LoadRaw(folder, train: true).Count);
        Assert.Equal(2, MnistDataset.LoadRaw(folder, train: false).Count);
        Assert.True(MnistDownloader.IsComplete(Source("a"), folder));
    }

    [Fact]
    public async Task Download_404_FallsBackToNextMirror()
    {
        ServeAll("b");
        var log = new List<string>();
        var downloader = new MnistDownloader(_client) { Log = new SyncProgress(log) };

        await downloader.DownloadAsync(Source("a", "b"), _temp.Path);

        Assert.All(Names, n => Assert.Equal(1, _server.Requests("a", n)));
        Assert.All(Names, n => Assert.Equal(1, _server.Requests("b", n)));
        Assert.Contains(log, line => line.Contains("HTTP 404", StringComparison.Ordinal));
        Assert.True(MnistDownloader.IsComplete(Source("a"), _temp.Path));
    }

    [Fact]
    public async Task Download_ChecksumMismatch_RejectsFileAndTriesNextMirror()
    {
        ServeAll("b");
        ServeAll("a");
        byte[] bad = Fixture(Names[0]);
        bad[^1] ^= 0xFF;
        _server.Serve("a", Names[0], bad);

        await new MnistDownloader(_client).DownloadAsync(Source("a", "b"), _temp.Path);

        Assert.Equal(1, _server.Requests("a", Names[0]));
        Assert.Equal(1, _server.Requests("b", Names[0]));
        Assert.Equal(0, _server.Requests("b", Names[1]));
        Assert.Equal(Fixture(Names[0]), File.ReadAllBytes(Path.Combine(_temp.Path, Names[0])));
    }

    [Fact]
    public async Task Download_EveryCopyFailsChecksum_ThrowsAndCachesNothing()
    {
        ServeAll("a");
        byte[] bad = Fixture(Names[1]);
        bad[0] ^= 1;
        _server.Serve("a", Names[1], bad);

        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => new MnistDownloader(_client).DownloadAsync(Source("a"), _temp.Path));

        Assert.Contains("checksum mismatch", ex.Message);
        Assert.Equal(Names[1], ex.FileName);
        Assert.False(File.Exists(Path.Combine(_temp.Path, Names[1])));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.part"));
        Assert.Empty(Directory.GetFiles(_temp.Path, ".*"));
    }

    [Fact]
    public async Task Download_CompleteCache_UsesNoNetwork()
    {
        ServeAll("a");
        await new MnistDownloader(_client).DownloadAsync(Source("a"), _temp.Path);
        int before = _server.TotalRequests;
        using var noNetwork = new HttpClient(new ThrowingHandler());

        string folder = await new MnistDownloader(noNetwork).DownloadAsync(Source("a"), _temp.Path);

        Assert.Equal(before, _server.TotalRequests);
        Assert.Equal(Path.GetFullPath(_temp.Path), folder);
    }

    [Fact]
    public async Task Download_CorruptCachedFile_IsReplaced()
    {
        ServeAll("a");
        File.WriteAllBytes(Path.Combine(_temp.Path, Names[2]), [1, 2, 3]);
        foreach (string name in Names.Where(n => n != Names[2]))
        {
            File.WriteAllBytes(Path.Combine(_temp.Path, name), Fixture(name));
        }

        await new MnistDownloader(_client).DownloadAsync(Source("a"), _temp.Path);

        Assert.Equal(1, _server.TotalRequests);
        Assert.Equal(Fixture(Names[2]), File.ReadAllBytes(Path.Combine(_temp.Path, Names[2])));
    }

    [Fact]
    public async Task Download_Offline_ThrowsSayingWhereToPutTheFiles()
    {
        int closed = FakeMirrorServer.FreePort();
        var source = new MnistDownloadSource("offline", [new Uri($"http://127.0.0.1:{closed}/mnist/")], Resources());

        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => new MnistDownloader(_client).DownloadAsync(source, _temp.Path));

        Assert.Equal(Path.GetFullPath(_temp.Path), ex.Folder);
        Assert.Contains("offline", ex.Message);
        Assert.Contains(Path.GetFullPath(_temp.Path), ex.Message);
        Assert.All(Names, n => Assert.Contains(n, ex.Message));
        Assert.Contains($"127.0.0.1:{closed}", ex.Message);
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task Download_TooLarge_IsRejected()
    {
        ServeAll("a");
        var downloader = new MnistDownloader(_client) { MaxFileBytes = 100 };

        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => downloader.DownloadAsync(Source("a"), _temp.Path));

        Assert.Contains("MaxFileBytes", ex.Message);
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void Download_Sync_CreatesTheFolder()
    {
        ServeAll("a");
        string folder = Path.Combine(_temp.Path, "nested", "cache");

        new MnistDownloader(_client).Download(Source("a"), folder);

        Assert.True(MnistDownloader.IsComplete(Source("a"), folder));
    }

    [Fact]
    public void DefaultFolder_IsUnderTheCacheRootNamedAfterTheSource()
    {
        Assert.Equal(Path.Combine(MnistDownloader.DefaultCacheRoot, "fashion-mnist"), MnistDownloader.DefaultFolder(MnistDownloadSource.FashionMnist));
        Assert.EndsWith("dcgan-net", MnistDownloader.DefaultCacheRoot, StringComparison.Ordinal);
    }

    private MnistDownloadSource Source(params string[] mirrors) =>
        new("fake", mirrors.Select(_server.Mirror), Resources());

    private DownloadResource[] Resources() => [.. Names.Select(n => new DownloadResource(n, _md5s.GetProperty(n).GetString()!))];

    private void ServeAll(string mirror)
    {
        foreach (string name in Names)
        {
            _server.Serve(mirror, name, Fixture(name));
        }
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(DataFixtures.FixturePath("fake-mnist"), name));

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The network must not be used when the cache is complete.");
    }

    private sealed class SyncProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines)
            {
                lines.Add(value);
            }
        }
    }
}
