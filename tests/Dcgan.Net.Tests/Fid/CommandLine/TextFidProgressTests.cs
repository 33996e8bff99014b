using Dcgan.Net.Fid;
using Dcgan.Net.Fid.CommandLine;

namespace Dcgan.Net.Tests.Fid.CommandLine;

public sealed class TextFidProgressTests
{
    [Fact]
    public void Live_RedrawsOneLine_AndEndsItWhenTheSetIsDone()
    {
        using var writer = new StringWriter();
        var progress = new TextFidProgress(writer, live: true);

        progress.Report(new FidProgress("folder 'a'", 50, 100, TimeSpan.FromSeconds(2)));
        progress.Report(new FidProgress("folder 'a'", 100, 100, TimeSpan.FromSeconds(4)));
        progress.Finish();

        string[] draws = writer.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, draws.Length);
        Assert.Equal("folder 'a': 50/100 images, 25.0 images/s, 2.0 s, ETA 00:00:02", draws[0]);
        Assert.StartsWith("folder 'a': 100/100 images, 25.0 images/s, 4.0 s", draws[1], StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, draws[1], StringComparison.Ordinal);
        Assert.True(draws[1].Length - Environment.NewLine.Length >= draws[0].Length, "the shorter last line is padded over the ETA");
    }

    [Fact]
    public void Quiet_WritesWholeLines_ThrottledButAlwaysTheFirstAndTheLast()
    {
        using var writer = new StringWriter();
        var progress = new TextFidProgress(writer, live: false);

        progress.Report(new FidProgress("s", 10, 30, TimeSpan.FromSeconds(1)));
        progress.Report(new FidProgress("s", 20, 30, TimeSpan.FromSeconds(2)));
        progress.Report(new FidProgress("s", 30, 30, TimeSpan.FromSeconds(3)));

        string nl = Environment.NewLine;
        Assert.Equal($"s: 10/30 images, 10.0 images/s, 1.0 s, ETA 00:00:02{nl}s: 30/30 images, 10.0 images/s, 3.0 s{nl}", writer.ToString());
    }

    [Fact]
    public void Finish_EndsALineLeftOpenByAnInterruptedPass()
    {
        using var writer = new StringWriter();
        var progress = new TextFidProgress(writer, live: true);

        progress.Report(new FidProgress("s", 1, 9, TimeSpan.Zero));
        progress.Finish();
        progress.Finish();

        Assert.Equal($"\rs: 1/9 images, 0.0 images/s, 0.0 s{Environment.NewLine}", writer.ToString());
    }
}
