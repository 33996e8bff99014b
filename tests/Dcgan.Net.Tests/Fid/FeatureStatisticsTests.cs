using System.IO.Compression;
using Dcgan.Net.Fid;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Fid;

[Collection(KernelSettingsCollection.Name)]
public class FeatureStatisticsTests
{
    [Theory]
    [InlineData("small", "a")]
    [InlineData("small", "b")]
    [InlineData("large", "a")]
    public void Add_FixtureFeatures_MatchesNumpyMeanAndCov(string caseName, string side)
    {
        float[] x = FixtureFeatures.For(caseName, side, out int rows, out int d);
        var stats = new FeatureStatistics(d);
        stats.Add(x);

        var checks = FixtureFeatures.Case(caseName).GetProperty(side + "_checks");
        double[] mu = stats.GetMean();
        double[] sigma = stats.GetCovariance();
        double frobenius = Math.Sqrt(sigma.Sum(v => v * v));
        Assert.Equal(rows, stats.Count);
        AssertRelative(checks.GetProperty("mu_sum").GetDouble(), mu.Sum(), 1e-12, 1.0);
        AssertRelative(checks.GetProperty("mu_first").GetDouble(), mu[0], 1e-12, 1.0);
        AssertRelative(checks.GetProperty("mu_last").GetDouble(), mu[^1], 1e-12, 1.0);
        AssertRelative(checks.GetProperty("sigma_trace").GetDouble(), Enumerable.Range(0, d).Sum(i => sigma[(i * d) + i]), 1e-12, 0);
        AssertRelative(checks.GetProperty("sigma_sum").GetDouble(), sigma.Sum(), 1e-10, frobenius);
        AssertRelative(checks.GetProperty("sigma_0_0").GetDouble(), sigma[0], 1e-12, 0);
        AssertRelative(checks.GetProperty("sigma_5_17").GetDouble(), sigma[(5 * d) + 17], 1e-11, sigma[0]);
        AssertRelative(checks.GetProperty("sigma_frobenius").GetDouble(), frobenius, 1e-12, 0);
    }

    [Fact]
    public void Add_SmallFixture_MatchesNumpysFullMuAndSigmaElementwise()
    {
        float[] x = FixtureFeatures.For("small", "a", out _, out int d);
        var stats = new FeatureStatistics(d);
        stats.Add(x);
        var numpy = NpzFile.Read(Path.Combine(FixtureFeatures.Folder, "stats_small_a.npz"));

        double[] mu = numpy["mu"].ToDoubleArray(), sigma = numpy["sigma"].ToDoubleArray();
        double[] ourMu = stats.GetMean(), ourSigma = stats.GetCovariance();
        double scale = sigma.Max(Math.Abs);
        for (int i = 0; i < mu.Length; i++)
        {
            Assert.True(Math.Abs(mu[i] - ourMu[i]) <= 1e-14 * Math.Max(1, Math.Abs(mu[i])), $"mu[{i}]");
        }

        for (int i = 0; i < sigma.Length; i++)
        {
            Assert.True(Math.Abs(sigma[i] - ourSigma[i]) <= 1e-13 * scale, $"sigma[{i / d}, {i % d}]: {ourSigma[i]} vs numpy {sigma[i]}");
        }
    }

    [Fact]
    public void Merge_PartialStatistics_EqualOnePass()
    {
        float[] x = FixtureFeatures.For("small", "a", out int rows, out int d);
        var onePass = new FeatureStatistics(d);
        onePass.Add(x);

        // Uneven parts, fed in odd batch sizes, merged in a tree: Chan's update must reproduce the one-pass result.
        int[] cuts = [0, 1, 138, 301, rows];
        var parts = new List<FeatureStatistics>();
        for (int p = 0; p + 1 < cuts.Length; p++)
        {
            var part = new FeatureStatistics(d);
            for (int r = cuts[p]; r < cuts[p + 1]; r += 17)
            {
                int end = Math.Min(cuts[p + 1], r + 17);
                part.Add(x.AsSpan(r * d, (end - r) * d));
            }

            parts.Add(part);
        }

        parts[0].Merge(parts[1]);
        parts[2].Merge(parts[3]);
        parts[0].Merge(parts[2]);
        parts[0].Merge(new FeatureStatistics(d));

        Assert.Equal(rows, parts[0].Count);
        FidAssert.AllClose(onePass.GetMean(), parts[0].GetMean(), 1e-14);
        FidAssert.AllClose(onePass.GetCovariance(), parts[0].GetCovariance(), 1e-13);
    }

    [Fact]
    public void Add_BatchSizeAndThreadCount_DoNotChangeABit()
    {
        // 2500 rows of 64 span three 1024-row blocks.
        const int rows = 2500, d = 64;
        float[] x = FixtureFeatures.Generate(21, 7, rows, d, 0, 0.25);
        var whole = new FeatureStatistics(d);
        var rowByRow = new FeatureStatistics(d);
        int saved = EngineSettings.ThreadCount;
        try
        {
            EngineSettings.ThreadCount = 1;
            whole.Add(x);
            _ = whole.GetCovariance();
            EngineSettings.ThreadCount = 3;
            for (int r = 0; r < rows; r++)
            {
                rowByRow.Add(x.AsSpan(r * d, d));
            }

            Assert.Equal(whole.GetCovariance(), rowByRow.GetCovariance());
            Assert.Equal(whole.GetMean(), rowByRow.GetMean());
        }
        finally
        {
            EngineSettings.ThreadCount = saved;
        }
    }

    [Fact]
    public void Add_HugeMeanSmallSpread_KeepsCovarianceAccurate()
    {
        // 1e6 offsets would wipe out a naive sum-of-squares; per-block centring plus Chan's update must not care.
        const int d = 5, rows = 3000;
        var random = new Random(11);
        var x = new double[rows * d];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 1e6 + (i % d) + (random.NextDouble() - 0.5);
        }

        var stats = new FeatureStatistics(d);
        stats.Add(x);

        var mean = new double[d];
        for (int i = 0; i < x.Length; i++)
        {
            mean[i % d] += x[i] / rows;
        }

        var expected = new double[d * d];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < d; i++)
            {
                for (int j = 0; j < d; j++)
                {
                    expected[(i * d) + j] += (x[(r * d) + i] - mean[i]) * (x[(r * d) + j] - mean[j]) / (rows - 1);
                }
            }
        }

        FidAssert.AllClose(expected, stats.GetCovariance(), 1e-9);
    }

    [Fact]
    public void SaveThenLoad_RoundTripsMeanCovarianceAndCount()
    {
        float[] x = FixtureFeatures.For("small", "a", out int rows, out int d);
        var stats = new FeatureStatistics(d);
        stats.Add(x);
        string path = Path.Combine(Path.GetTempPath(), $"stats-{Guid.NewGuid():N}.npz");
        try
        {
            stats.Save(path);
            var back = FeatureStatistics.Load(path);

            Assert.Equal(rows, back.Count);
            Assert.Equal(stats.GetMean(), back.GetMean());
            FidAssert.AllClose(stats.GetCovariance(), back.GetCovariance(), 1e-15);
            back.Add(x.AsSpan(0, d));
            Assert.Equal(rows + 1, back.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SaveAsNewFile_WritesWhatSaveWrites_AndNeverReplacesAFile()
    {
        float[] x = FixtureFeatures.For("small", "a", out _, out int d);
        var stats = new FeatureStatistics(d);
        stats.Add(x);
        string folder = Path.Combine(Path.GetTempPath(), $"stats-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string fresh = Path.Combine(folder, "new.npz"), saved = Path.Combine(folder, "saved.npz"), taken = Path.Combine(folder, "taken.npz");
            File.WriteAllBytes(taken, [7, 7]);

            stats.SaveAsNewFile(fresh);
            stats.Save(saved);
            Assert.Throws<IOException>(() => stats.SaveAsNewFile(taken));

            Assert.Equal(NpzFile.Read(saved)["sigma"].Data, NpzFile.Read(fresh)["sigma"].Data);
            Assert.Equal([7, 7], File.ReadAllBytes(taken));
            Assert.Equal(["new.npz", "saved.npz", "taken.npz"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_PytorchFidFile_GivesNumpysValuesWithUnknownCount()
    {
        string path = Path.Combine(FixtureFeatures.Folder, "stats_small_a.npz");
        var numpy = NpzFile.Read(path);

        var stats = FeatureStatistics.Load(path);

        Assert.Null(stats.Count);
        Assert.Equal(numpy["mu"].ToDoubleArray(), stats.GetMean());
        Assert.Equal(numpy["sigma"].ToDoubleArray(), stats.GetCovariance());
        Assert.Throws<InvalidOperationException>(() => stats.Add(new float[stats.Dimensions]));
        Assert.Throws<InvalidOperationException>(() => new FeatureStatistics(stats.Dimensions).Merge(stats));
    }

    [Fact]
    public void Save_NumpysStatistics_WritesNumpysMemberBytes()
    {
        string numpyPath = Path.Combine(FixtureFeatures.Folder, "stats_small_a.npz");
        var numpy = NpzFile.Read(numpyPath);
        var stats = FeatureStatistics.FromMoments(numpy["mu"].ToDoubleArray(), numpy["sigma"].ToDoubleArray());
        string path = Path.Combine(Path.GetTempPath(), $"stats-{Guid.NewGuid():N}.npz");
        try
        {
            stats.Save(path);
            foreach (string member in new[] { "mu.npy", "sigma.npy" })
            {
                Assert.Equal(MemberBytes(numpyPath, member), MemberBytes(path, member));
            }

            Assert.Null(MemberBytesOrNull(path, "n.npy"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BadInputs_ThrowNamingTheProblem_AndLeaveTheStatisticsUnchanged()
    {
        var stats = new FeatureStatistics(4);
        stats.Add([1f, 2f, 3f, 4f]);

        var length = Assert.Throws<ArgumentException>(() => stats.Add(new float[6]));
        var nan = Assert.Throws<ArgumentException>(() => stats.Add([0f, 0f, 0f, 0f, 1f, float.NaN, 0f, 0f]));
        var infinity = Assert.Throws<ArgumentException>(() => stats.Add([double.PositiveInfinity, 0, 0, 0]));
        var dims = Assert.Throws<ArgumentException>(() => stats.Merge(new FeatureStatistics(5)));
        Assert.Throws<ArgumentException>(() => stats.Merge(stats));

        Assert.Contains("4-dimensional", length.Message, StringComparison.Ordinal);
        Assert.Contains("row 1, column 1", nan.Message, StringComparison.Ordinal);
        Assert.Contains("row 0, column 0", infinity.Message, StringComparison.Ordinal);
        Assert.Contains("5-dimensional", dims.Message, StringComparison.Ordinal);
        Assert.Equal(1, stats.Count);
        Assert.Throws<InvalidOperationException>(() => stats.GetCovariance());
        Assert.Throws<InvalidOperationException>(() => new FeatureStatistics(3).GetMean());
    }

    [Fact]
    public void FromMoments_BadShapesOrValues_Throw()
    {
        var asymmetric = Assert.Throws<ArgumentException>(() => FeatureStatistics.FromMoments([0.0, 0.0], [1.0, 0.5, 0.4, 1.0]));
        var shape = Assert.Throws<ArgumentException>(() => FeatureStatistics.FromMoments([0.0, 0.0], [1.0, 0.0, 0.0]));
        var nan = Assert.Throws<ArgumentException>(() => FeatureStatistics.FromMoments([0.0, double.NaN], [1.0, 0.0, 0.0, 1.0]));
        Assert.Throws<ArgumentException>(() => FeatureStatistics.FromMoments([0.0], [1.0], count: 1));

        Assert.Contains("covariance is not symmetric: [0, 1]", asymmetric.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 2]", shape.Message, StringComparison.Ordinal);
        Assert.Contains("index 1", nan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingSigmaOrWrongShape_ThrowsInvalidData()
    {
        string path = Path.Combine(Path.GetTempPath(), $"stats-{Guid.NewGuid():N}.npz");
        try
        {
            NpzFile.Write(path, [new("mu", RawArray.FromDoubles([1.0, 2.0], 2))]);
            var missing = Assert.Throws<InvalidDataException>(() => FeatureStatistics.Load(path));
            NpzFile.Write(path, [new("mu", RawArray.FromDoubles([1.0, 2.0], 2)), new("sigma", RawArray.FromDoubles([1.0, 0, 0], 3))]);
            var shape = Assert.Throws<InvalidDataException>(() => FeatureStatistics.Load(path));

            Assert.Contains("'sigma'", missing.Message, StringComparison.Ordinal);
            Assert.Contains("expected (2, 2)", shape.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static void AssertRelative(double expected, double actual, double relative, double scale)
    {
        double tolerance = relative * Math.Max(Math.Abs(expected), scale);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R} (tolerance {tolerance:G3})");
    }

    private static byte[] MemberBytes(string path, string member) =>
        MemberBytesOrNull(path, member) ?? throw new InvalidDataException($"{path} has no {member}");

    private static byte[]? MemberBytesOrNull(string path, string member)
    {
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.GetEntry(member);
        if (entry is null)
        {
            return null;
        }

        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
