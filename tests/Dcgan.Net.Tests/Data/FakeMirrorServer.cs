using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Dcgan.Net.Tests.Data;

/// <summary>
/// A local HTTP server on 127.0.0.1 and a free port serving fixed files, standing in for data set mirrors so the
/// downloader tests run offline. Unknown paths answer 404. Counts requests per path.
/// </summary>
internal sealed class FakeMirrorServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public FakeMirrorServer()
    {
        for (int attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between probing and binding; probe again.
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Base URL of a mirror served under /<paramref name="name"/>/.</summary>
    public Uri Mirror(string name) => new($"http://127.0.0.1:{Port}/{name}/");

    public void Serve(string mirror, string fileName, byte[] content) => _files[$"/{mirror}/{fileName}"] = content;

    public int Requests(string mirror, string fileName) => _requests.GetValueOrDefault($"/{mirror}/{fileName}");

    public int TotalRequests => _requests.Values.Sum();

    /// <summary>A port with nothing listening (connections are refused), for "offline" tests.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The serving loop ends with an exception when the listener closes.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string path = context.Request.Url!.AbsolutePath;
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            using HttpListenerResponse response = context.Response;
            if (_files.TryGetValue(path, out byte[]? content))
            {
                response.StatusCode = 200;
                response.ContentLength64 = content.Length;
                await response.OutputStream.WriteAsync(content).ConfigureAwait(false);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }
}
