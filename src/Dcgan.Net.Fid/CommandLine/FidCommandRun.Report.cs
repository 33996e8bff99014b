using System.Globalization;

namespace Dcgan.Net.Fid.CommandLine;

/// <content>The diagnostics written to the error writer after a score.</content>
internal sealed partial class FidCommandRun
{
    private void Describe(string path, FeatureSetReport side)
    {
        string text = side.ComputedFromImages
            ? $"{side.ImageCount} images in {side.BatchCount} batches, shapes {string.Join(" ", side.ImageShapes)}, " +
              $"features in {side.FeatureTime.TotalSeconds:F1} s ({side.ImagesPerSecond:F1} images/s)"
            : $"statistics, {side.Statistics.Dimensions} dimensions, " +
              (side.Statistics.Count is { } n ? $"from {n} images" : "image count not stored (pytorch-fid's files have none)");
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: {text}"));
    }

    private void DescribeDistance(FidResult result)
    {
        var f = result.Frechet;
        string method = f.Method == FrechetMethod.PytorchFid ? "pytorch-fid" : "symmetric";
        string check = f.Method == FrechetMethod.PytorchFid
            ? $"largest |Im| of a root {f.MaxImaginaryPart:G3}"
            : $"negative eigenvalue mass {f.NegativeEigenvalueMass:G3}";
        error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Fréchet distance ({method} method, {f.Dimensions} dimensions) in {result.DistanceTime.TotalSeconds:F2} s: " +
            $"|mu1 - mu2|^2 {f.MeanDistanceSquared:G6}, tr sigma1 {f.TraceFirst:G6}, tr sigma2 {f.TraceSecond:G6}, " +
            $"tr sqrt(sigma1 sigma2) {f.TraceSqrtProduct:G6}; {(f.EpsilonUsed > 0 ? $"eps {f.EpsilonUsed:G} added" : "no eps needed")}, {check}"));
        if (result.Kid is { } kid)
        {
            error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"KID over {kid.SubsetValues.Count} subsets of {kid.SubsetSize}: {kid.Mean:G6} ± {kid.StandardDeviation:G3}"));
        }

        foreach (string warning in result.Warnings)
        {
            error.WriteLine("warning: " + warning);
        }

        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total {_clock.Elapsed.TotalSeconds:F1} s"));
    }
}
