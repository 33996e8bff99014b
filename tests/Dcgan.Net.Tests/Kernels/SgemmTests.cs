using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

/// <summary>
/// <see cref="Sgemm"/> against its float64 twin <see cref="SgemmReference"/>. Tolerance: each element may differ by
/// 1e-5 times the sum of |a_ip * b_pj| over p (float32 accumulation error for k up to a few thousand) plus 1e-6.
/// </summary>
[Trait("Category", "Simd")]
[Collection(EngineThreadsCollection.Name)]
public sealed class SgemmTests
{
    private const double RelativeTolerance = 1e-5;
    private const double AbsoluteTolerance = 1e-6;

    public static TheoryData<int, int, int> OddSizes => new()
    {
        { 1, 1, 1 }, { 3, 7, 1 }, { 7, 3, 17 }, { 17, 33, 65 }, { 33, 17, 7 }, { 65, 129, 33 },
        { 129, 65, 257 }, { 257, 33, 129 }, { 9, 257, 300 }, { 16, 1024, 16 }, { 64, 49, 280 },
    };

    /// <summary>Names of the instruction-set levels this machine supports (test methods take names: the enum is internal).</summary>
    public static IEnumerable<object[]> IsaLevels => CpuFeatures.Supported.Select(isa => new object[] { isa.ToString() });

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Multiply_MatchesReference_ForEveryTransposeAccumulateAndIsa(int m, int n, int k)
    {
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    CheckAgainstReference(CpuFeatures.Supported, transA, transB, m, n, k, padding: 0, accumulate);
                }
            }
        }
    }

    [Fact]
    public void Multiply_HonoursLeadingDimensionsLargerThanRows()
    {
        CheckAgainstReference(CpuFeatures.Supported, transA: false, transB: false, 19, 37, 23, padding: 5, accumulate: true);
        CheckAgainstReference(CpuFeatures.Supported, transA: true, transB: true, 19, 37, 23, padding: 3, accumulate: false);
        CheckAgainstReference(CpuFeatures.Supported, transA: false, transB: true, 50, 3, 1, padding: 11, accumulate: false);
    }

    [Fact]
    public void Multiply_SpanningSeveralCacheBlocks_MatchesReference()
    {
        // k > Kc (256) and m > Mc (128) so that the blocked loops take more than one trip; the last two read
        // A and B in place (few panels) except their ragged edge panels.
        CheckAgainstReference(CpuFeatures.Supported, transA: false, transB: false, 150, 100, 600, padding: 0, accumulate: true);
        CheckAgainstReference(CpuFeatures.Supported, transA: true, transB: true, 140, 70, 530, padding: 2, accumulate: false);
        CheckAgainstReference(CpuFeatures.Supported, transA: true, transB: false, 101, 99, 600, padding: 3, accumulate: true);
        CheckAgainstReference(CpuFeatures.Supported, transA: false, transB: false, 64, 1000, 300, padding: 1, accumulate: false);
    }

    [Theory]
    [MemberData(nameof(IsaLevels))]
    public void Multiply_GivesTheSameBitsForAnyThreadCount(string isaName)
    {
        KernelIsa isa = Enum.Parse<KernelIsa>(isaName);
        using var scope = CpuFeatures.Force(isa);
        foreach ((int m, int n, int k) in new[] { (300, 260, 530), (64, 1024, 64), (17, 700, 300) })
        {
            float[] a = KernelTestData.Random(m * k, 1);
            float[] b = KernelTestData.Random(k * n, 2);
            float[] first = Run(1);
            KernelTestData.AssertBitIdentical(first, Run(2), $"{isa} {m}x{n}x{k} threads 2 vs 1");
            KernelTestData.AssertBitIdentical(first, Run(3), $"{isa} {m}x{n}x{k} threads 3 vs 1");

            float[] Run(int threads)
            {
                float[] c = KernelTestData.Random(m * n, 3);
                KernelTestData.WithThreads(threads, () => Sgemm.Multiply(false, false, m, n, k, a, k, b, n, c, n, accumulate: true));
                return c;
            }
        }
    }

    [Fact]
    public void Multiply_WithZeroDepth_ClearsOrKeepsC()
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Sgemm.Multiply(false, false, 2, 3, 0, [], 1, [], 3, c, 3, accumulate: true);
        Assert.Equal([1f, 2, 3, 4, 5, 6], c);
        Sgemm.Multiply(false, false, 2, 3, 0, [], 1, [], 3, c, 3, accumulate: false);
        Assert.Equal(new float[6], c);
    }

    [Fact]
    public void Multiply_WithoutAccumulate_IgnoresNaNAlreadyInC()
    {
        float[] c = [float.NaN, float.NaN, float.NaN, float.NaN];
        Sgemm.Multiply(false, false, 2, 2, 2, [1, 2, 3, 4], 2, [5, 6, 7, 8], 2, c, 2, accumulate: false);
        Assert.Equal([19f, 22, 43, 50], c);
    }

    [Fact]
    public void Multiply_RejectsShortSpansBadLeadingDimensionsAndOverlap()
    {
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = new float[4];
        var tooShort = Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, 2, 2, 3, a.AsSpan(0, 5), 3, b, 2, c, 2, false));
        Assert.Contains("needs at least 6", tooShort.Message, StringComparison.Ordinal);
        var badLd = Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, 2, 2, 3, a, 2, b, 2, c, 2, false));
        Assert.Contains("got 2", badLd.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, -1, 2, 3, a, 3, b, 2, c, 2, false));
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, 2, 2, 2, a, 2, b, 2, a.AsSpan(2, 4), 2, false));
    }

    private static void CheckAgainstReference(IEnumerable<KernelIsa> isas, bool transA, bool transB, int m, int n, int k, int padding, bool accumulate)
    {
        int lda = (transA ? m : k) + padding;
        int ldb = (transB ? k : n) + padding;
        int ldc = n + padding;
        float[] a = KernelTestData.Random(((transA ? k : m) * lda) + 1, 10 + m);
        float[] b = KernelTestData.Random(((transB ? n : k) * ldb) + 1, 20 + n);
        float[] c0 = KernelTestData.Random(m * ldc, 30 + k);
        float[] expected = (float[])c0.Clone();
        SgemmReference.Multiply(transA, transB, m, n, k, a, lda, b, ldb, expected, ldc, accumulate);

        float[] absA = a.Select(Math.Abs).ToArray();
        float[] absB = b.Select(Math.Abs).ToArray();
        float[] scale = c0.Select(v => accumulate ? Math.Abs(v) : 0f).ToArray();
        SgemmReference.Multiply(transA, transB, m, n, k, absA, lda, absB, ldb, scale, ldc, accumulate: true);

        foreach (KernelIsa isa in isas)
        {
            float[] actual = (float[])c0.Clone();
            using (CpuFeatures.Force(isa))
            {
                Sgemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, actual, ldc, accumulate);
            }

            string what = $"{isa} transA={transA} transB={transB} {m}x{n}x{k} ld+{padding} accumulate={accumulate}";
            KernelTestData.AssertClose(expected, actual, scale, RelativeTolerance, AbsoluteTolerance, what);
            for (int i = 0; i < m; i++)
            {
                for (int j = n; j < ldc; j++)
                {
                    Assert.Equal(c0[(i * ldc) + j], actual[(i * ldc) + j]);
                }
            }
        }
    }
}
