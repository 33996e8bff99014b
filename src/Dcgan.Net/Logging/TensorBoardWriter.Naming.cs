using System.Globalization;

namespace Dcgan.Net.Logging;

/// <summary>Directory and file naming, as PyTorch's SummaryWriter and TensorBoard's event writer do it.</summary>
public sealed partial class TensorBoardWriter
{
    /// <summary>
    /// The run directory PyTorch's <c>SummaryWriter()</c> picks when given no log directory:
    /// <c>&lt;root&gt;/&lt;MonDD_HH-mm-ss&gt;_&lt;host&gt;&lt;comment&gt;</c>, e.g. <c>runs/May04_22-14-54_myhost</c>,
    /// from local time with English month abbreviations.
    /// </summary>
    /// <param name="root">Parent directory of all runs, typically "runs".</param>
    /// <param name="localTime">Local time of the run's start.</param>
    /// <param name="hostName">Machine name.</param>
    /// <param name="comment">Appended to the directory name, e.g. "_lr2e-4"; default "".</param>
    /// <returns>The run directory path (not created).</returns>
    public static string DefaultRunDirectory(string root, DateTimeOffset localTime, string hostName, string comment = "")
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(comment);
        string stamp = localTime.ToString("MMMdd_HH-mm-ss", CultureInfo.InvariantCulture);
        return Path.Combine(root, stamp + "_" + hostName + comment);
    }

    /// <summary>
    /// An event-file name: <c>events.out.tfevents.&lt;seconds, 10 digits&gt;.&lt;host&gt;.&lt;pid&gt;.&lt;counter&gt;&lt;suffix&gt;</c>.
    /// The zero-padded time stamp makes TensorBoard's lexicographic file order chronological.
    /// </summary>
    /// <param name="unixSeconds">Creation time in seconds since the Unix epoch (non-negative).</param>
    /// <param name="hostName">Machine name.</param>
    /// <param name="processId">Writing process id.</param>
    /// <param name="counter">Process-wide count of event files opened before this one.</param>
    /// <param name="suffix">Appended verbatim; default "".</param>
    /// <returns>The file name (no directory).</returns>
    public static string FormatEventFileName(long unixSeconds, string hostName, int processId, int counter, string suffix = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unixSeconds);
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(suffix);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"events.out.tfevents.{unixSeconds:D10}.{hostName}.{processId}.{counter}{suffix}");
    }

    /// <summary>
    /// The sub-run directory <see cref="AddScalars"/> writes one curve to:
    /// <c>&lt;logDirectory&gt;/&lt;mainTag with '/' replaced by '_'&gt;_&lt;key&gt;</c>, as PyTorch's add_scalars.
    /// </summary>
    /// <param name="logDirectory">The writer's run directory.</param>
    /// <param name="mainTag">The chart tag.</param>
    /// <param name="key">The curve name.</param>
    /// <returns>The sub-directory path.</returns>
    public static string ScalarsSubRunDirectory(string logDirectory, string mainTag, string key)
    {
        ArgumentNullException.ThrowIfNull(logDirectory);
        ArgumentNullException.ThrowIfNull(mainTag);
        ArgumentNullException.ThrowIfNull(key);
        return Path.Combine(logDirectory, mainTag.Replace('/', '_') + "_" + key);
    }
}
