namespace Dcgan.Net.Logging;

/// <summary>Shared by the text scalar loggers.</summary>
internal static class ScalarLogFormat
{
    /// <summary>Seconds since the Unix epoch, as TensorBoard's wall_time.</summary>
    public static double WallTime(TimeProvider clock) =>
        (clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;
}
