namespace Dcgan.Net.Tests.Fid;

/// <summary>Comparisons shared by the statistics and command-line tests.</summary>
internal static class FidAssert
{
    /// <summary>Every |actual − expected| within <paramref name="relative"/> of the largest |expected| (statistics mix
    /// entries near 0 with large ones, so a per-entry relative check would only measure the small ones' noise).</summary>
    public static void AllClose(double[] expected, double[] actual, double relative)
    {
        double scale = expected.Max(Math.Abs);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale, $"element {i}: {actual[i]:R} vs {expected[i]:R}");
        }
    }
}
