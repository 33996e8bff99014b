using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Data;
using Dcgan.Net.Fid.Inception;

namespace Dcgan.Net.Fid.CommandLine;

/// <summary>One run of <see cref="FidCommandLine"/>: the score of two paths, or <c>--save-stats</c>.</summary>
/// <remarks>Everything that can be checked without computing features (paths, the output file, the KID's needs, the
/// weight file) is checked first, so a mistake costs seconds, not the minutes of a feature pass.</remarks>
internal sealed partial class FidCommandRun(
    FidCommandLineOptions options, TextWriter output, TextWriter error, bool liveProgress, string cachedWeightsPath)
{
    private readonly TextFidProgress _progress = new(error, liveProgress);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Prints the FID (and KID) of the two paths.</summary>
    public int Score(CancellationToken cancellationToken)
    {
        var sides = new[] { Open(0), Open(1) };
        if (options.Kid && KidProblem(sides) is { } problem)
        {
            return FidCommandLine.UsageError(error, problem);
        }

        FidResult result;
        if (sides[0].Input.Statistics is { } first && sides[1].Input.Statistics is { } second)
        {
            error.WriteLine("both paths are statistics: no image is read and no network is run.");
            result = FidCalculator.Distance(first, second, options.Method);
        }
        else
        {
            result = LoadCalculator().Compute(sides[0].Input, sides[1].Input, cancellationToken);
        }

        Describe(sides[0].Path, result.First);
        Describe(sides[1].Path, result.Second);
        DescribeDistance(result);
        output.WriteLine("FID:  " + PythonFloat.Format(result.Distance));
        if (result.Kid is { } kid)
        {
            output.WriteLine("KID:  " + PythonFloat.Format(kid.Mean));
            output.WriteLine("KID std:  " + PythonFloat.Format(kid.StandardDeviation));
        }

        return FidCommandLine.ExitSuccess;
    }

    /// <summary>pytorch-fid's <c>--save-stats path_in path_out</c>: the statistics of path_in written to path_out.</summary>
    public int SaveStatistics(CancellationToken cancellationToken)
    {
        // numpy.savez_compressed appends ".npz" to a name without it; pytorch-fid refuses an existing output file.
        string target = options.Paths[1].EndsWith(".npz", StringComparison.Ordinal) ? options.Paths[1] : options.Paths[1] + ".npz";
        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new IOException($"'{target}' already exists; --save-stats never replaces a file. Remove it or choose another name.");
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The folder '{folder}' for '{target}' does not exist.");
        }

        var side = Open(0);
        error.WriteLine($"Saving statistics for {side.Path}");
        FeatureStatistics statistics;
        if (side.Input.Images is { } images)
        {
            if (images.Count < 2)
            {
                throw new ArgumentException($"{images.Description} holds {images.Count} image; statistics need at least 2.");
            }

            statistics = LoadCalculator().ComputeStatistics(images, cancellationToken);
        }
        else
        {
            statistics = side.Input.Statistics!;
        }

        if (statistics.Count <= statistics.Dimensions)
        {
            error.WriteLine(
                $"warning: {statistics.Count} images, not more than the {statistics.Dimensions} feature dimensions: the covariance is " +
                "singular and FIDs computed from these statistics are strongly biased; use at least 10,000 images for reported numbers.");
        }

        statistics.SaveAsNewFile(target);
        error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"saved {target}: mu [{statistics.Dimensions}], sigma [{statistics.Dimensions}, {statistics.Dimensions}], n = {Count(statistics.Count)}; {_clock.Elapsed.TotalSeconds:F1} s"));
        return FidCommandLine.ExitSuccess;
    }

    /// <summary>Ends a progress line left open by a pass that stopped early.</summary>
    public void EndProgressLine() => _progress.Finish();

    private (string Path, (ImageSet? Images, FeatureStatistics? Statistics) Input) Open(int index)
    {
        string path = options.Paths[index];
        var input = FidCalculator.Open(path, options.Recursive);
        error.WriteLine($"path{index + 1}: {(input.Images is { } images ? images.Description : $"statistics '{path}'")}");
        return (path, input);
    }

    /// <summary>Why the KID cannot be computed on these inputs, or null when it can.</summary>
    private string? KidProblem((string Path, (ImageSet? Images, FeatureStatistics? Statistics) Input)[] sides)
    {
        foreach (var (path, input) in sides)
        {
            if (input.Images is null)
            {
                return $"--kid needs images on both sides, but '{path}' holds statistics, which keep no feature vectors.";
            }

            if (input.Images.Count < options.KidSubsetSize)
            {
                return $"--kid draws subsets of {options.KidSubsetSize} images from each set, but '{path}' holds {input.Images.Count}; " +
                    "pass a smaller --kid-subset-size.";
            }
        }

        return null;
    }

    /// <summary>The calculator over the Inception weights of <c>--weights</c>, or of the cache (downloaded with <c>--download</c>).</summary>
    private FidCalculator LoadCalculator()
    {
        string path = options.Weights ?? CachedWeights();
        var clock = Stopwatch.StartNew();
        var calculator = FidCalculator.FromPytorchFidWeights(path, options.Dimensions, new FidCalculatorOptions
        {
            BatchSize = options.BatchSize,
            Method = options.Method,
            Kid = options.Kid ? new KidOptions { SubsetCount = options.KidSubsets, SubsetSize = options.KidSubsetSize } : null,
            Progress = _progress,
        });
        error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"weights: {path} ({options.Dimensions} features, loaded in {clock.Elapsed.TotalSeconds:F1} s; {EngineThreads()})"));
        return calculator;
    }

    private string CachedWeights()
    {
        if (options.Download)
        {
            var downloader = new InceptionWeights { Log = new LineProgress(error) };
            try
            {
                return downloader.Download(Path.GetDirectoryName(cachedWeightsPath));
            }
            catch (DatasetDownloadException e)
            {
                // The library's message names the API calls; say the command line's equivalent too.
                throw new IOException($"{e.Message} On the command line, pass the copy's path with --weights PATH.", e);
            }
        }

        if (!File.Exists(cachedWeightsPath))
        {
            throw new FileNotFoundException(
                $"The Inception weights are not at '{cachedWeightsPath}'. Run again with --download to fetch them there (once; needs " +
                $"internet access), or download {InceptionWeights.Url} elsewhere (SHA-256 {InceptionWeights.Sha256}) and copy it to " +
                "that path, or pass --weights PATH.",
                cachedWeightsPath);
        }

        return cachedWeightsPath;
    }

    private string EngineThreads() =>
        options.NumWorkers is { } workers
            ? $"{Tensors.EngineSettings.ThreadCount} threads; --num-workers {workers} is ignored"
            : $"{Tensors.EngineSettings.ThreadCount} threads";

    private static string Count(long? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "not stored";

    /// <summary>Writes each line as it is reported (a <see cref="Progress{T}"/> would post them to the thread pool, out of order).</summary>
    private sealed class LineProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine(value);
    }
}
