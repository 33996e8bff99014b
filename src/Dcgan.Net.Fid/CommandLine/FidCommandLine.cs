using Dcgan.Net.Fid.Inception;

namespace Dcgan.Net.Fid.CommandLine;

/// <summary>
/// pytorch-fid's command line, <c>python -m pytorch_fid path1 path2</c>, as a method that console apps (the
/// <c>samples/FidScore</c> sample) and tests call: the same arguments and defaults, the score printed as pytorch-fid prints
/// it (<c>FID:  &lt;value&gt;</c>, with Python's float formatting), diagnostics and progress on the error writer.
/// </summary>
/// <remarks>
/// <para>Each path is a folder of images, a statistics .npz (<c>mu</c>, <c>sigma</c>, as pytorch-fid's
/// <c>--save-stats</c> writes) or a NumPy file of uint8 images; see <see cref="Usage()"/> for every option.</para>
/// <para>Exit codes: <see cref="ExitSuccess"/>, <see cref="ExitFailure"/> (a missing folder or weight file, an unreadable
/// image, a complex square root...: the message says what, with no stack trace), <see cref="ExitUsage"/> (bad arguments,
/// as Python's argparse).</para>
/// </remarks>
public static class FidCommandLine
{
    /// <summary>The score (or the statistics file) was produced.</summary>
    public const int ExitSuccess = 0;

    /// <summary>Something failed; the error writer says what.</summary>
    public const int ExitFailure = 1;

    /// <summary>The arguments are wrong; the error writer says which and how to get help.</summary>
    public const int ExitUsage = 2;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Receives the result lines only (<c>FID:  …</c>, and <c>KID:  …</c> with <c>--kid</c>), or the help.</param>
    /// <param name="error">Receives diagnostics (inputs, image counts, warnings such as N ≤ d, times), progress and errors.</param>
    /// <param name="liveProgress">Redraw one progress line in place (for a terminal) instead of printing a line every 10 s.</param>
    /// <param name="cancellationToken">Stops between batches (e.g. on Ctrl+C); the run then fails with a message.</param>
    /// <returns><see cref="ExitSuccess"/>, <see cref="ExitFailure"/> or <see cref="ExitUsage"/>.</returns>
    public static int Run(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, bool liveProgress = false, CancellationToken cancellationToken = default) =>
        Run(args, output, error, liveProgress, InceptionWeights.DefaultPath, cancellationToken);

    /// <summary>The help text: synopsis, options with their defaults, exit codes.</summary>
    /// <returns>Lines ending in a newline.</returns>
    public static string Usage() => Usage(InceptionWeights.DefaultPath);

    /// <summary><see cref="Run(IReadOnlyList{string}, TextWriter, TextWriter, bool, CancellationToken)"/> with the weights'
    /// cache location given (tests point it at a temporary folder instead of the user's cache).</summary>
    internal static int Run(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, bool liveProgress, string cachedWeightsPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        FidCommandLineOptions options;
        try
        {
            options = FidCommandLineOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            return UsageError(error, e.Message);
        }

        if (options.Help)
        {
            output.Write(Usage(cachedWeightsPath));
            return ExitSuccess;
        }

        var run = new FidCommandRun(options, output, error, liveProgress, cachedWeightsPath);
        try
        {
            return options.SaveStatistics ? run.SaveStatistics(cancellationToken) : run.Score(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            run.EndProgressLine();
            error.WriteLine("error: cancelled.");
            return ExitFailure;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException
            or ArithmeticException or InvalidOperationException or NotSupportedException)
        {
            // Expected failures (files, data, numerics) are explained by their message; a stack trace would bury it.
            run.EndProgressLine();
            error.WriteLine("error: " + MessageOf(e));
            return ExitFailure;
        }
    }

    /// <summary>The message without the " (Parameter 'name')" that ArgumentException adds: a user of the command line
    /// has no parameter of that name.</summary>
    private static string MessageOf(Exception e) =>
        e is ArgumentException { ParamName: { } name } argument
            ? argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : e.Message;

    /// <summary>Reports bad usage as argparse does: the problem, and where the help is.</summary>
    internal static int UsageError(TextWriter error, string message)
    {
        error.WriteLine("usage: FidScore [options] path1 path2");
        error.WriteLine("error: " + message);
        error.WriteLine("Run with --help for the options.");
        return ExitUsage;
    }

    private static string Usage(string cachedWeightsPath) => $"""
        usage: FidScore [options] path1 path2

        The FID between two image sets, as `python -m pytorch_fid path1 path2` computes it. Each path is a folder of
        images (the files pytorch-fid selects: png, jpg, jpeg, ppm, pgm are read; bmp, tif, tiff, webp are an error),
        a statistics .npz holding mu and sigma (as --save-stats writes), or a NumPy .npy/.npz of uint8 images (N, H, W)
        or (N, H, W, C). Prints "FID:  <value>" on stdout; inputs, counts, warnings, times and progress go to stderr.

        options:
          --dims N             Inception feature level: 64, 192, 768 or 2048 (default 2048)
          --batch-size N       images per forward pass (default 50); changes speed and memory, never the result
          --device cpu         only cpu is accepted (the default; this implementation has no GPU code)
          --num-workers N      accepted for pytorch-fid compatibility and ignored: decoding and the network already
                               use every core (set DCGAN_NUM_THREADS to limit the network's threads)
          --save-stats         compute the statistics of path1 and write them to path2 (.npz appended when missing,
                               an existing file is never replaced), as pytorch-fid's --save-stats
          --weights PATH       pytorch-fid's pt_inception-2015-12-05-6726825d.pth, or the same weights as safetensors
                               (default: {cachedWeightsPath})
          --download           download the weights to the default location when they are not there (needs internet)
          --method NAME        pytorch-fid (default): pytorch-fid's number, with its 1e-6 retry and its error on complex
                               square roots; symmetric: the stable form, equal up to rounding (~1e-8 relative when N <= d)
          --recursive          include images in subfolders (pytorch-fid: no)
          --kid                also print the KID (needs images on both sides, --kid-subset-size of each)
          --kid-subsets N      KID subsets (default 100)
          --kid-subset-size N  images per KID subset (default 1000)
          -h, --help           show this help

        exit codes: 0 success, 1 failure (the message says why), 2 bad usage

        """;
}
