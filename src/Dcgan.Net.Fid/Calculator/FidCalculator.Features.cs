using System.Diagnostics;
using System.IO.Compression;
using Dcgan.Net.Data;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Fid;

/// <content>The feature pass over an image set, and what a path stands for.</content>
public sealed partial class FidCalculator
{
    /// <summary>Runs the extractor over every batch, folding the features into statistics (and keeping them if asked).</summary>
    private (FeatureSetReport Report, float[]? Features) Extract(ImageSet images, bool keepFeatures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        int d = Extractor.Dimensions;
        float[]? all = null;
        if (keepFeatures)
        {
            long length = (long)images.Count * d;
            all = length <= Array.MaxLength
                ? new float[length]
                : throw new ArgumentException($"{images.Count} images x {d} features do not fit in one array; use fewer images.", nameof(images));
        }

        var statistics = new FeatureStatistics(d);
        var features = new float[(long)Math.Min(Options.BatchSize, images.Count) * d];
        var shapes = new List<ImageShape>();
        var clock = Stopwatch.StartNew();
        int done = 0, batches = 0;
        foreach (Tensor batch in images.Batches(Options.BatchSize, cancellationToken))
        {
            int n = batch.Size(0);
            var shape = new ImageShape(batch.Size(1), batch.Size(2), batch.Size(3));
            if (!shapes.Contains(shape))
            {
                shapes.Add(shape);
            }

            Span<float> rows = features.AsSpan(0, n * d);
            using (GradMode.NoGrad())
            {
                Extractor.Extract(batch, rows);
            }

            int bad = VectorOps.FirstNonFinite(rows);
            if (bad >= 0)
            {
                throw new InvalidOperationException(
                    $"The feature extractor returned {rows[bad]} as feature {bad % d} of image {done + (bad / d)} of {images.Description} " +
                    $"(an image of shape {shape}); features must be finite.");
            }

            statistics.Add(rows);
            if (all is not null)
            {
                rows.CopyTo(all.AsSpan(done * d));
            }

            done += n;
            batches++;
            Options.Progress?.Report(new FidProgress(images.Description, done, images.Count, clock.Elapsed));
        }

        var report = new FeatureSetReport(images.Description, statistics, batches, shapes, clock.Elapsed);
        return (report, all);
    }

    /// <summary>
    /// What a path stands for, as pytorch-fid's <c>compute_statistics_of_path</c> decides: a folder is images (searched
    /// recursively when asked), an .npz holding <c>mu</c> and <c>sigma</c> is statistics, any other file an image array.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    internal static (ImageSet? Images, FeatureStatistics? Statistics) Open(string path, bool recursive)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return (ImageSet.FromFolder(path, recursive), null);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is neither a folder nor a file.", path);
        }

        return IsStatisticsFile(path) ? (null, FeatureStatistics.Load(path)) : (ImageSet.FromArrayFile(path), null);
    }

    /// <summary>FID between two opened paths: images on both sides go through <see cref="Compute(ImageSet, ImageSet, CancellationToken)"/>
    /// (with the KID when asked for), given statistics are checked against the extractor before any image is read.</summary>
    internal FidResult Compute(
        (ImageSet? Images, FeatureStatistics? Statistics) first, (ImageSet? Images, FeatureStatistics? Statistics) second, CancellationToken cancellationToken)
    {
        if (first.Images is not null && second.Images is not null)
        {
            return Compute(first.Images, second.Images, cancellationToken);
        }

        if (first.Statistics is not null && second.Statistics is not null)
        {
            return Compute(first.Statistics, second.Statistics);
        }

        RequireDimensions(first.Statistics ?? second.Statistics!, first.Statistics is null ? "secondPath" : "firstPath");
        return Distance(Report(first, cancellationToken), Report(second, cancellationToken), null, KidWarning());
    }

    /// <summary>The report of an opened path: the given statistics, or a feature pass over the images.</summary>
    private FeatureSetReport Report((ImageSet? Images, FeatureStatistics? Statistics) side, CancellationToken cancellationToken)
    {
        if (side.Statistics is not null)
        {
            return FeatureSetReport.Given(side.Statistics);
        }

        RequireTwo(side.Images!, "path");
        return Extract(side.Images!, keepFeatures: false, cancellationToken).Report;
    }

    /// <summary>Whether the file is a ZIP (.npz) with <c>mu.npy</c> and <c>sigma.npy</c> members.</summary>
    private static bool IsStatisticsFile(string path)
    {
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var names = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            return names.Contains("mu.npy") && names.Contains("sigma.npy");
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
