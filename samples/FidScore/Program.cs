using Dcgan.Net.Fid.CommandLine;

namespace FidScore;

/// <summary>
/// <c>python -m pytorch_fid path1 path2</c> in .NET: the arguments, the printed score and the statistics files are
/// pytorch-fid's (docs/fid.md, "Command line"). The work is done by the library's <see cref="FidCommandLine"/>, so the
/// tests can run it without a process; this host adds Ctrl+C and the terminal check.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops between batches with a message; a second one ends the process at once.
            e.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        };

        return FidCommandLine.Run(args, Console.Out, Console.Error, liveProgress: !Console.IsErrorRedirected, cancellation.Token);
    }
}
