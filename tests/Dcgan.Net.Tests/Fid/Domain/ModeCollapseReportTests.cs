using Dcgan.Net.Fid.Domain;

namespace Dcgan.Net.Tests.Fid.Domain;

/// <summary>
/// The chi-square statistic and p-value against scipy.stats.chisquare (chisquare.json from
/// tools/make_domain_fixtures.py; relative 1e-9 for the statistic, 1e-6 for p-values down to 1e-107), the verdict
/// rules and the printed table.
/// </summary>
public class ModeCollapseReportTests
{
    private static readonly string[] Names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private static (ModeCollapseReport Report, System.Text.Json.JsonElement Case) Case(string name)
    {
        var c = DomainFixtures.ChiSquareCases.EnumerateArray().First(e => e.GetProperty("name").GetString() == name);
        int[] counts = c.GetProperty("counts").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        double[]? shares = c.GetProperty("shares").ValueKind == System.Text.Json.JsonValueKind.Null
            ? null
            : c.GetProperty("shares").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        int[] predictions = counts.SelectMany((n, k) => Enumerable.Repeat(k, n)).ToArray();
        var report = ModeCollapse.FromPredictions(predictions, Names[..counts.Length], new ModeCollapseOptions { ExpectedShares = shares });
        return (report, c);
    }

    [Theory]
    [InlineData("uniform_close")]
    [InlineData("uniform_far")]
    [InlineData("one_class")]
    [InlineData("weighted")]
    [InlineData("weighted_tail")]
    public void Statistic_and_p_value_match_scipy(string name)
    {
        var (report, c) = Case(name);
        double statistic = c.GetProperty("statistic").GetDouble(), p = c.GetProperty("p_value").GetDouble();
        Assert.Equal(statistic, report.ChiSquare, statistic * 1e-9);
        Assert.True(p == 0 ? report.PValue < 1e-300 : Math.Abs(report.PValue - p) <= p * 1e-6, $"p = {report.PValue}, scipy {p}");
        Assert.Equal(report.Counts.Count - 1, report.DegreesOfFreedom);
    }

    [Theory]
    [InlineData("uniform_close", ModeCollapseVerdict.NoCollapse)]
    [InlineData("uniform_far", ModeCollapseVerdict.Imbalanced)]
    [InlineData("one_class", ModeCollapseVerdict.Collapse)]
    [InlineData("weighted", ModeCollapseVerdict.NoCollapse)]
    [InlineData("weighted_tail", ModeCollapseVerdict.Collapse)]
    public void Verdicts_follow_the_documented_rules(string name, ModeCollapseVerdict expected) =>
        Assert.Equal(expected, Case(name).Report.Verdict);

    [Fact]
    public void A_missing_class_without_a_dominant_one_is_partial_collapse()
    {
        int[] predictions = Enumerable.Range(0, 900).Select(i => 1 + (i % 9)).Append(0).ToArray();
        var report = ModeCollapse.FromPredictions(predictions, Names);
        Assert.Equal(ModeCollapseVerdict.PartialCollapse, report.Verdict);
        Assert.Equal([0], report.MissingClasses);
    }

    [Fact]
    public void The_table_lists_every_class_and_ends_with_the_verdict()
    {
        var (report, _) = Case("one_class");
        string[] lines = report.ToString().Split(Environment.NewLine);
        Assert.Equal(12, lines.Length);
        Assert.StartsWith("class", lines[0], StringComparison.Ordinal);
        Assert.Contains("1000", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("mode collapse", lines[^1], StringComparison.Ordinal);
        Assert.Contains("largest class three with 100", report.Summary, StringComparison.Ordinal);
        Assert.Contains("missing classes: zero, one, two, four", report.Summary, StringComparison.Ordinal);
        Assert.Equal(3, report.LargestClass);
        Assert.Equal(1.0, report.LargestShare);
    }
}
