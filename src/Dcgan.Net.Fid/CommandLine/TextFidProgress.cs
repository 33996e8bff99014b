using System.Diagnostics;
using System.Globalization;

namespace Dcgan.Net.Fid.CommandLine;

/// <summary>
/// Feature-pass progress as text: one line redrawn in place (<c>\r</c>) on a terminal, or a plain line every
/// <see cref="QuietInterval"/> when the output goes to a file or a pipe; the first report and the last batch of a set
/// always get their line.
/// </summary>
/// <remarks><see cref="FidCalculator"/> reports synchronously from the thread that runs the pass, so no locking is needed.</remarks>
internal sealed class TextFidProgress(TextWriter writer, bool live) : IProgress<FidProgress>
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromSeconds(0.25);
    private static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(10);

    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private bool _reported;
    private bool _lineOpen;
    private int _lineLength;

    public void Report(FidProgress value)
    {
        bool done = value.ImagesDone >= value.ImageCount;
        if (!done && _reported && _sinceLastLine.Elapsed < (live ? LiveInterval : QuietInterval))
        {
            return;
        }

        _reported = true;
        _sinceLastLine.Restart();
        double seconds = value.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? value.ImagesDone / seconds : 0;
        string eta = rate > 0 ? $", ETA {TimeSpan.FromSeconds((value.ImageCount - value.ImagesDone) / rate):hh\\:mm\\:ss}" : string.Empty;
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"{value.Source}: {value.ImagesDone}/{value.ImageCount} images, {rate:F1} images/s, {seconds:F1} s{(done ? string.Empty : eta)}");
        if (live)
        {
            // Pad over the end of a longer previous line.
            writer.Write("\r" + line.PadRight(_lineOpen ? _lineLength : 0));
            _lineLength = line.Length;
            _lineOpen = !done;
            if (done)
            {
                writer.WriteLine();
            }
        }
        else
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>Ends a redrawn line left open by a pass that stopped early (an error or a cancellation), so messages start on their own line.</summary>
    public void Finish()
    {
        if (_lineOpen)
        {
            writer.WriteLine();
            _lineOpen = false;
        }
    }
}
