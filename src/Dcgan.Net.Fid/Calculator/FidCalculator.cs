using System.Diagnostics;
using Dcgan.Net.Fid.Features;

namespace Dcgan.Net.Fid;

/// <summary>
/// FID (and KID) between image sets on the features of any <see cref="IFeatureExtractor"/>: pytorch-fid's Inception-v3
/// for reported FIDs, a domain classifier for fast curves during training, or a network of your own. Sides can be image
/// sets (folders, arrays, tensors, generators) or statistics (e.g. pytorch-fid's <c>--save-stats</c> .npz, loaded with
/// <see cref="FeatureStatistics.Load"/>).
/// </summary>
/// <remarks>
/// Features are computed batch by batch (<see cref="FidCalculatorOptions.BatchSize"/>) and folded into float64
/// <see cref="FeatureStatistics"/> as they come, so memory stays at one batch plus a d × d matrix whatever the number of
/// images (the KID, when asked for, keeps the features). Results do not depend on the batch size: the statistics are cut
/// into blocks by row count only, and extractors treat each image on its own. Instances hold no state between calls and
/// may be reused; they are as thread-safe as their extractor.
/// </remarks>
public sealed partial class FidCalculator
{
    /// <summary>Creates a calculator over <paramref name="extractor"/>.</summary>
    /// <param name="extractor">The feature network (e.g. the pytorch-fid Inception-v3, or a domain classifier).</param>
    /// <param name="options">Batch size, Fréchet method, KID, progress; defaults from <see cref="FidCalculatorOptions"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public FidCalculator(IFeatureExtractor extractor, FidCalculatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        options ??= new FidCalculatorOptions();
        if (options.BatchSize < 1 || !Enum.IsDefined(options.Method) || extractor.Dimensions is < 1 or > FeatureStatistics.MaxDimensions)
        {
            throw new ArgumentException(
                $"Out of range: BatchSize {options.BatchSize} (>= 1), Method {options.Method}, extractor Dimensions {extractor.Dimensions} " +
                $"(1 to {FeatureStatistics.MaxDimensions}).",
                nameof(options));
        }

        Extractor = extractor;
        Options = options;
    }

    /// <summary>The feature network.</summary>
    public IFeatureExtractor Extractor { get; }

    /// <summary>The settings.</summary>
    public FidCalculatorOptions Options { get; }

    /// <summary>The feature statistics of an image set (what pytorch-fid's <c>--save-stats</c> saves).</summary>
    /// <param name="images">The images.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Count, mean and covariance of the features.</returns>
    /// <exception cref="InvalidDataException">A file of the set cannot be decoded.</exception>
    /// <exception cref="ArgumentException">The extractor refuses the images (e.g. their channel count).</exception>
    /// <exception cref="InvalidOperationException">The extractor returned a non-finite feature.</exception>
    public FeatureStatistics ComputeStatistics(ImageSet images, CancellationToken cancellationToken = default) =>
        Extract(images, keepFeatures: false, cancellationToken).Report.Statistics;

    /// <summary>
    /// The statistics behind a path, as pytorch-fid's <c>compute_statistics_of_path</c>: a folder (see
    /// <see cref="ImageSet.FromFolder"/>), a statistics .npz holding <c>mu</c> and <c>sigma</c>, or a NumPy file of uint8
    /// images (see <see cref="ImageSet.FromArrayFile"/>).
    /// </summary>
    /// <param name="path">Folder or file.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="InvalidDataException">The file is neither statistics nor image arrays, or an image cannot be decoded.</exception>
    public FeatureStatistics ComputeStatistics(string path, CancellationToken cancellationToken = default)
    {
        var side = Open(path, recursive: false);
        return side.Statistics ?? Extract(side.Images!, keepFeatures: false, cancellationToken).Report.Statistics;
    }

    /// <summary>The feature vectors of every image, row-major [N, d], in the set's order.</summary>
    /// <param name="images">The images.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>N · d floats.</returns>
    /// <exception cref="ArgumentException">N · d does not fit in one array.</exception>
    public float[] ComputeFeatures(ImageSet images, CancellationToken cancellationToken = default) =>
        Extract(images, keepFeatures: true, cancellationToken).Features!;

    /// <summary>FID between two image sets; with <see cref="FidCalculatorOptions.Kid"/> set, the KID too.</summary>
    /// <param name="first">E.g. real images.</param>
    /// <param name="second">E.g. generated images.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The distance, diagnostics and both sides' statistics.</returns>
    /// <exception cref="ArgumentException">A set has fewer than 2 images.</exception>
    public FidResult Compute(ImageSet first, ImageSet second, CancellationToken cancellationToken = default)
    {
        RequireTwo(first, nameof(first));
        RequireTwo(second, nameof(second));
        bool kid = Options.Kid is not null;
        if (kid)
        {
            RequireKidSubsets(first, second, Options.Kid!);
        }

        var a = Extract(first, kid, cancellationToken);
        var b = Extract(second, kid, cancellationToken);
        KidResult? kidResult = kid ? KernelInceptionDistance.Compute(a.Features, b.Features, Extractor.Dimensions, Options.Kid) : null;
        return Distance(a.Report, b.Report, kidResult, []);
    }

    /// <summary>FID between an image set and given statistics (e.g. of a reference set saved by pytorch-fid).</summary>
    /// <param name="first">The images.</param>
    /// <param name="second">Statistics with the extractor's dimension.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The distance and diagnostics; no KID (statistics hold no features), with a warning if one was asked for.</returns>
    /// <exception cref="ArgumentException">The dimensions differ, or the set has fewer than 2 images.</exception>
    public FidResult Compute(ImageSet first, FeatureStatistics second, CancellationToken cancellationToken = default)
    {
        RequireTwo(first, nameof(first));
        RequireDimensions(second, nameof(second));
        var a = Extract(first, keepFeatures: false, cancellationToken);
        return Distance(a.Report, FeatureSetReport.Given(second), null, KidWarning());
    }

    /// <summary>FID between two given statistics (pytorch-fid with two .npz paths); no image is read.</summary>
    /// <param name="first">First statistics.</param>
    /// <param name="second">Second statistics, of the same dimension.</param>
    /// <returns>The distance and diagnostics.</returns>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public FidResult Compute(FeatureStatistics first, FeatureStatistics second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Dimensions != second.Dimensions)
        {
            throw new ArgumentException($"The statistics have {first.Dimensions} and {second.Dimensions} dimensions.", nameof(second));
        }

        return Distance(FeatureSetReport.Given(first), FeatureSetReport.Given(second), null, KidWarning());
    }

    /// <summary>
    /// FID between two paths, as <c>python -m pytorch_fid path1 path2</c>: each a folder, a statistics .npz or a NumPy
    /// image file (see <see cref="ComputeStatistics(string, CancellationToken)"/>).
    /// </summary>
    /// <param name="firstPath">First folder or file.</param>
    /// <param name="secondPath">Second folder or file.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The distance and diagnostics; with <see cref="FidCalculatorOptions.Kid"/> set and images on both sides, the KID too.</returns>
    /// <exception cref="FileNotFoundException">Nothing exists at a path.</exception>
    /// <exception cref="ArgumentException">Given statistics do not have the extractor's dimension, or a set has fewer than 2 images.</exception>
    public FidResult Compute(string firstPath, string secondPath, CancellationToken cancellationToken = default) =>
        Compute(Open(firstPath, recursive: false), Open(secondPath, recursive: false), cancellationToken);

    /// <summary>The KID between two image sets on the extractor's features (<see cref="FidCalculatorOptions.Kid"/> or the defaults).</summary>
    /// <param name="first">E.g. real images.</param>
    /// <param name="second">E.g. generated images.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Mean and standard deviation over the subsets.</returns>
    /// <exception cref="ArgumentException">A set has fewer images than the KID subset size.</exception>
    public KidResult ComputeKid(ImageSet first, ImageSet second, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var options = Options.Kid ?? new KidOptions();
        RequireKidSubsets(first, second, options);
        float[] a = ComputeFeatures(first, cancellationToken);
        float[] b = ComputeFeatures(second, cancellationToken);
        return KernelInceptionDistance.Compute(a, b, Extractor.Dimensions, options);
    }

    /// <summary>The result for two given statistics, which needs no feature extractor (e.g. two .npz files on the command line).</summary>
    internal static FidResult Distance(FeatureStatistics first, FeatureStatistics second, FrechetMethod method) =>
        Distance(FeatureSetReport.Given(first), FeatureSetReport.Given(second), method, null, []);

    private static FidResult Distance(
        FeatureSetReport first, FeatureSetReport second, FrechetMethod method, KidResult? kid, IReadOnlyList<string> warnings)
    {
        var clock = Stopwatch.StartNew();
        var frechet = FrechetDistance.Compute(first.Statistics, second.Statistics, method);
        return new FidResult(frechet, first, second, kid, clock.Elapsed, warnings);
    }

    private FidResult Distance(FeatureSetReport first, FeatureSetReport second, KidResult? kid, IReadOnlyList<string> warnings) =>
        Distance(first, second, Options.Method, kid, warnings);

    private string[] KidWarning() => Options.Kid is null
        ? []
        : ["KidOptions are set but no KID was computed: a side is given as statistics, which hold no feature vectors."];

    /// <summary>Fails before any feature is computed when a set is smaller than the KID subsets.</summary>
    private static void RequireKidSubsets(ImageSet first, ImageSet second, KidOptions options)
    {
        if (Math.Min(first.Count, second.Count) < options.SubsetSize)
        {
            throw new ArgumentException(
                $"KID subsets of {options.SubsetSize} need that many images per set; the sets hold {first.Count} and {second.Count}. " +
                "Lower KidOptions.SubsetSize.",
                nameof(options));
        }
    }

    private static void RequireTwo(ImageSet images, string name)
    {
        ArgumentNullException.ThrowIfNull(images, name);
        if (images.Count < 2)
        {
            throw new ArgumentException($"{images.Description} holds {images.Count} image; a covariance needs at least 2.", name);
        }
    }

    private void RequireDimensions(FeatureStatistics statistics, string name)
    {
        ArgumentNullException.ThrowIfNull(statistics, name);
        if (statistics.Dimensions != Extractor.Dimensions)
        {
            throw new ArgumentException(
                $"The statistics have {statistics.Dimensions} dimensions but the feature extractor gives {Extractor.Dimensions}; " +
                "they must come from the same network and feature level.",
                name);
        }
    }
}
