using Dcgan.Net.Data;

namespace Dcgan.Net.Fid;

/// <summary>One side of a <see cref="FidResult"/>: its statistics and how they were obtained.</summary>
public sealed class FeatureSetReport
{
    internal FeatureSetReport(string source, FeatureStatistics statistics, int batches, IReadOnlyList<ImageShape> shapes, TimeSpan featureTime)
    {
        Source = source;
        Statistics = statistics;
        BatchCount = batches;
        ImageShapes = shapes;
        FeatureTime = featureTime;
    }

    /// <summary>What the statistics come from: an <see cref="ImageSet.Description"/>, or "statistics" when they were given.</summary>
    public string Source { get; }

    /// <summary>The mean and covariance used; <see cref="FeatureStatistics.Save"/> writes them as pytorch-fid's .npz.</summary>
    public FeatureStatistics Statistics { get; }

    /// <summary>Number of images (null for given statistics without a sample count).</summary>
    public long? ImageCount => Statistics.Count;

    /// <summary>Whether the statistics were computed from images here (false when they were given).</summary>
    public bool ComputedFromImages => BatchCount > 0;

    /// <summary>Batches passed to the feature extractor.</summary>
    public int BatchCount { get; }

    /// <summary>The distinct image shapes [C, H, W] met, in order of first appearance (empty for given statistics).</summary>
    public IReadOnlyList<ImageShape> ImageShapes { get; }

    /// <summary>Time spent reading images and computing features.</summary>
    public TimeSpan FeatureTime { get; }

    /// <summary>Images per second of the feature pass (0 for given statistics).</summary>
    public double ImagesPerSecond => ComputedFromImages && FeatureTime > TimeSpan.Zero ? ImageCount!.Value / FeatureTime.TotalSeconds : 0;

    internal static FeatureSetReport Given(FeatureStatistics statistics) => new("statistics", statistics, 0, [], TimeSpan.Zero);
}
