using System.Globalization;
using System.Text;
using MathNet.Numerics;

namespace Dcgan.Net.Fid.Domain;

/// <summary>
/// The class histogram of generated samples and the verdict drawn from it (see <see cref="ModeCollapse"/>);
/// <see cref="ToString"/> prints it as a table.
/// </summary>
/// <remarks>
/// The statistic is Pearson's chi-square goodness of fit, Σ (observed - expected)² / expected over the classes with
/// a non-zero expected share, with (those classes - 1) degrees of freedom; the p-value is the upper regularised
/// incomplete gamma function Q(df/2, χ²/2) (MathNet.Numerics), accurate also far in the tail.
/// </remarks>
public sealed class ModeCollapseReport
{
    internal ModeCollapseReport(IReadOnlyList<string> classNames, int[] counts, double[] expectedShares, ModeCollapseOptions options)
    {
        ClassNames = classNames;
        Counts = counts;
        ExpectedShares = expectedShares;
        SampleCount = counts.Sum();
        IsUniform = expectedShares.All(s => Math.Abs(s - expectedShares[0]) < 1e-12);

        double chi = 0;
        int tested = 0;
        var missing = new List<int>();
        for (int c = 0; c < counts.Length; c++)
        {
            double expected = expectedShares[c] * SampleCount;
            if (expected <= 0)
            {
                continue;
            }

            tested++;
            chi += (counts[c] - expected) * (counts[c] - expected) / expected;
            if (counts[c] < options.MissingFraction * expected)
            {
                missing.Add(c);
            }
        }

        ChiSquare = chi;
        DegreesOfFreedom = tested - 1;
        PValue = DegreesOfFreedom > 0 ? SpecialFunctions.GammaUpperRegularized(DegreesOfFreedom / 2.0, chi / 2.0) : 1.0;
        MissingClasses = missing;
        LargestClass = Array.IndexOf(counts, counts.Max());
        LargestShare = (double)counts[LargestClass] / SampleCount;
        Significance = options.Significance;
        bool dominated = LargestShare >= options.DominantShare && expectedShares[LargestClass] < options.DominantShare / 2;
        bool mostlyMissing = missing.Sum(c => expectedShares[c]) > 0.5;
        Verdict = dominated || mostlyMissing ? ModeCollapseVerdict.Collapse
            : missing.Count > 0 ? ModeCollapseVerdict.PartialCollapse
            : PValue < options.Significance ? ModeCollapseVerdict.Imbalanced
            : ModeCollapseVerdict.NoCollapse;
    }

    /// <summary>Class names by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Samples predicted as each class.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <summary>The distribution compared against, as shares summing to 1.</summary>
    public IReadOnlyList<double> ExpectedShares { get; }

    /// <summary>Whether <see cref="ExpectedShares"/> is uniform.</summary>
    public bool IsUniform { get; }

    /// <summary>Samples classified.</summary>
    public int SampleCount { get; }

    /// <summary>Pearson's chi-square statistic against <see cref="ExpectedShares"/>.</summary>
    public double ChiSquare { get; }

    /// <summary>Degrees of freedom: classes with a non-zero expected share, minus 1.</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>Probability of a chi-square at least this large if the samples followed <see cref="ExpectedShares"/>.</summary>
    public double PValue { get; }

    /// <summary>The significance level the verdict used.</summary>
    public double Significance { get; }

    /// <summary>Classes with fewer than <see cref="ModeCollapseOptions.MissingFraction"/> of their expected count.</summary>
    public IReadOnlyList<int> MissingClasses { get; }

    /// <summary>The most frequent class.</summary>
    public int LargestClass { get; }

    /// <summary>The most frequent class's share of the samples.</summary>
    public double LargestShare { get; }

    /// <summary>The conclusion.</summary>
    public ModeCollapseVerdict Verdict { get; }

    /// <summary>One line: the verdict with the numbers behind it.</summary>
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{VerdictText}: chi-square {ChiSquare:F1} (df {DegreesOfFreedom}) against the {(IsUniform ? "uniform" : "expected")} distribution, " +
        $"p = {PValue:G3}; missing classes: {(MissingClasses.Count == 0 ? "none" : string.Join(", ", MissingClasses.Select(c => ClassNames[c])))}; " +
        $"largest class {ClassNames[LargestClass]} with {LargestShare:P1} of {SampleCount} samples");

    private string VerdictText => Verdict switch
    {
        ModeCollapseVerdict.NoCollapse => "no mode collapse",
        ModeCollapseVerdict.Imbalanced => "no mode collapse, but the classes are imbalanced",
        ModeCollapseVerdict.PartialCollapse => "partial mode collapse",
        _ => "mode collapse",
    };

    /// <summary>The histogram as a table (class, count, share, expected share, bar), then <see cref="Summary"/>.</summary>
    public override string ToString()
    {
        int nameWidth = Math.Max(5, ClassNames.Max(n => n.Length));
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"class".PadRight(nameWidth)}  count   share  expected");
        int largest = Counts.Max();
        for (int c = 0; c < Counts.Count; c++)
        {
            double share = (double)Counts[c] / SampleCount;
            string bar = new('#', largest == 0 ? 0 : (int)Math.Round(20.0 * Counts[c] / largest));
            text.AppendLine(CultureInfo.InvariantCulture, $"{ClassNames[c].PadRight(nameWidth)}  {Counts[c],5}  {share,6:P1}  {ExpectedShares[c],8:P1}  {bar}");
        }

        text.Append(Summary);
        return text.ToString();
    }
}
