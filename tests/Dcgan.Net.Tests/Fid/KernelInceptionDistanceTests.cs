using System.Text.Json;
using Dcgan.Net.Fid;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Fid;

public class KernelInceptionDistanceTests
{
    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public void Compute_FixtureFeatures_MatchesNumpyOnTheSameSubsets(string name)
    {
        var reference = Kid(name);
        float[] x = FixtureFeatures.For(name, "a", out _, out int d);
        float[] y = FixtureFeatures.For(name, "b", out _, out _);
        var options = new KidOptions
        {
            SubsetCount = reference.GetProperty("subsets").GetInt32(),
            SubsetSize = reference.GetProperty("subset_size").GetInt32(),
            Seed = reference.GetProperty("seed").GetUInt64(),
        };

        var result = KernelInceptionDistance.Compute(x, y, d, options);

        double[] expected = reference.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(expected.Length, result.SubsetValues.Count);
        for (int s = 0; s < expected.Length; s++)
        {
            FeatureStatisticsTests.AssertRelative(expected[s], result.SubsetValues[s], 1e-9, 0);
        }

        FeatureStatisticsTests.AssertRelative(reference.GetProperty("mean").GetDouble(), result.Mean, 1e-9, 0);
        FeatureStatisticsTests.AssertRelative(reference.GetProperty("std").GetDouble(), result.StandardDeviation, 1e-7, 0);
        Assert.Equal(options.SubsetSize, result.SubsetSize);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public void SubsetSampler_ReproducesTheIndicesTheFixtureScriptDrew(string name)
    {
        var reference = Kid(name);
        var indices = NpyFile.Read(Path.Combine(FixtureFeatures.Folder, $"kid_{name}_indices.npy"));
        int count = (int)indices.Shape[0], size = (int)indices.Shape[2];
        double[] flat = indices.ToDoubleArray();
        var sampler = new SubsetSampler(reference.GetProperty("seed").GetUInt64());
        int n1 = FixtureFeatures.Case(name).GetProperty("a").GetProperty("n").GetInt32();
        int n2 = FixtureFeatures.Case(name).GetProperty("b").GetProperty("n").GetInt32();

        for (int s = 0; s < count; s++)
        {
            Assert.Equal(flat.AsSpan(s * 2 * size, size).ToArray().Select(v => (int)v), sampler.Subset(n1, size));
            Assert.Equal(flat.AsSpan(((s * 2) + 1) * size, size).ToArray().Select(v => (int)v), sampler.Subset(n2, size));
        }
    }

    [Fact]
    public void SubsetSampler_MatchesPublishedSplitMix64AndDrawsAPermutation()
    {
        // Published SplitMix64 reference value: seed 0 gives 0xE220A8397B1DCDAF first.
        Assert.Equal(0xE220A8397B1DCDAFUL, new SubsetSampler(0).Next());
        var subset = new SubsetSampler(5).Subset(10, 10);
        Assert.Equal(Enumerable.Range(0, 10), subset.Order());
    }

    [Fact]
    public void Compute_SameSetTwice_IsNearZeroAndDifferentSetsArePositive()
    {
        float[] x = FixtureFeatures.For("small", "a", out _, out int d);
        float[] y = FixtureFeatures.For("small", "b", out _, out _);
        var options = new KidOptions { SubsetCount = 10, SubsetSize = 200 };

        var same = KernelInceptionDistance.Compute(x, x, d, options);
        var different = KernelInceptionDistance.Compute(x, y, d, options);

        Assert.True(Math.Abs(same.Mean) < 5 * same.StandardDeviation + 1e-12);
        Assert.True(different.Mean > 10 * different.StandardDeviation / Math.Sqrt(10));
    }

    [Fact]
    public void BadInputs_ThrowArgumentException()
    {
        var tooFew = Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(new float[40], new float[40], 4));
        var length = Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(new float[41], new float[40], 4));
        float[] nan = new float[40];
        nan[13] = float.NaN;
        var notFinite = Assert.Throws<ArgumentException>(
            () => KernelInceptionDistance.Compute(new float[40], nan, 4, new KidOptions { SubsetSize = 5 }));
        Assert.Throws<ArgumentException>(
            () => KernelInceptionDistance.Compute(new float[40], new float[40], 4, new KidOptions { SubsetSize = 5, Degree = 0 }));

        Assert.Contains("got 10 and 10", tooFew.Message, StringComparison.Ordinal);
        Assert.Contains("4-dimensional", length.Message, StringComparison.Ordinal);
        Assert.Contains("row 3, column 1", notFinite.Message, StringComparison.Ordinal);
    }

    private static JsonElement Kid(string name) =>
        FixtureFeatures.Reference.GetProperty("kid").EnumerateArray().First(k => k.GetProperty("name").GetString() == name);
}
