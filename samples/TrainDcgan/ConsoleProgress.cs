using System.Globalization;
using Dcgan.Net.Training;

namespace TrainDcgan;

/// <summary>A one-line progress bar with steps/s, ETA and the latest losses (plain lines when output is redirected).</summary>
internal sealed class ConsoleProgress : IProgress<TrainingProgress>
{
    private DateTime _last = DateTime.MinValue;

    public void Report(TrainingProgress value)
    {
        bool done = value.Step == value.TotalSteps;
        if (!done && DateTime.UtcNow - _last < TimeSpan.FromSeconds(Console.IsOutputRedirected ? 10 : 0.25))
        {
            return;
        }

        _last = DateTime.UtcNow;
        const int width = 30;
        int filled = (int)(width * value.Step / Math.Max(1, value.TotalSteps));
        var r = value.Last;
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', width - filled)}] {value.Step}/{value.TotalSteps} {value.StepsPerSecond:F1} steps/s ETA {value.Remaining:hh\\:mm\\:ss} | D {r.DiscriminatorLoss:F3} G {r.GeneratorLoss:F3} D(x) {r.RealScore:F2} D(G(z)) {r.FakeScoreBeforeUpdate:F2}/{r.FakeScoreAfterUpdate:F2}");
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(line);
        }
        else
        {
            Console.Write("\r" + line);
        }
    }

    public void Finish()
    {
        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine();
        }
    }
}
