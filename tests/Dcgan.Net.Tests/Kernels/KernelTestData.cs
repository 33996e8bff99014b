namespace Dcgan.Net.Tests.Kernels;

/// <summary>Deterministic inputs and comparisons shared by the kernel tests.</summary>
internal static class KernelTestData
{
    /// <summary>Values uniform in [-1, 1) from a fixed seed, so failures reproduce.</summary>
    public static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>
    /// Asserts |actual - expected| &lt;= atol + rtol * scale[i] element-wise, where scale is the magnitude of the sum
    /// of absolute products that built the element (so cancellation does not make the bound meaningless).
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, ReadOnlySpan<float> scale, double rtol, double atol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double bound = atol + (rtol * scale[i]);
            double error = Math.Abs((double)actual[i] - expected[i]);
            if (!(error <= bound))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {error:E3} > bound {bound:E3}).");
            }
        }
    }

    /// <summary>Asserts the two arrays hold the same bits.</summary>
    public static void AssertBitIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i} differs: {actual[i]:R} vs {expected[i]:R}.");
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> with <see cref="Dcgan.Net.Tensors.EngineSettings.ThreadCount"/> set, then restores it.</summary>
    public static void WithThreads(int threads, Action body)
    {
        int saved = Dcgan.Net.Tensors.EngineSettings.ThreadCount;
        Dcgan.Net.Tensors.EngineSettings.ThreadCount = threads;
        try
        {
            body();
        }
        finally
        {
            Dcgan.Net.Tensors.EngineSettings.ThreadCount = saved;
        }
    }
}
