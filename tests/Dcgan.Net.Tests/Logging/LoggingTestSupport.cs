namespace Dcgan.Net.Tests.Logging;

/// <summary>A clock that stands still until moved, in UTC.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public FixedClock(double unixSeconds)
        : this(DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(unixSeconds * TimeSpan.TicksPerSecond)))
    {
    }

    public DateTimeOffset Now { get; set; } = now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A fresh directory under the temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dcgan-logging-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

internal static class Hex
{
    /// <summary>Parses "0a 1b ..." (spaces optional).</summary>
    public static byte[] Parse(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
