using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

/// <summary>
/// <see cref="SgemmPackedA"/>: a product with A packed once gives the same bits as <see cref="Sgemm.Multiply(bool, bool, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, bool, bool)"/>
/// on every instruction set, for ragged panels, several depth blocks and row blocks, transposed operands,
/// accumulation and two threads; and bad operands throw.
/// </summary>
[Trait("Category", "Simd")]
[Collection(EngineThreadsCollection.Name)]
public sealed class SgemmPackedATests
{
    public static TheoryData<int, int, int, bool, bool> Cases => new()
    {
        // m, n, k, transA, transB
        { 1, 1, 1, false, false },
        { 7, 33, 17, false, false },    // one ragged panel of every kernel
        { 13, 50, 600, false, true },   // k over two depth blocks
        { 200, 70, 300, true, false },  // m over one row block of Mc, transposed A
        { 384, 291, 1200, false, false },
        { 2000, 40, 9, false, false },  // more rows than one super-block
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Multiply_IsTheSameBitsAsPackingOnEveryProduct(int m, int n, int k, bool transA, bool transB)
    {
        float[] a = KernelTestData.Random(m * k, 1);
        float[] b = KernelTestData.Random(k * n, 2);
        float[] start = KernelTestData.Random(m * n, 3);
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        foreach (KernelIsa isa in CpuFeatures.Supported)
        {
            SgemmPackedA packed = SgemmPackedA.Pack(transA, m, k, a, lda, isa);
            Assert.Equal((m, k, isa), (packed.M, packed.K, packed.Isa));
            foreach (bool accumulate in new[] { false, true })
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    float[] expected = (float[])start.Clone();
                    float[] actual = (float[])start.Clone();
                    KernelTestData.WithThreads(threads, () =>
                    {
                        using (CpuFeatures.Force(isa))
                        {
                            Sgemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, expected, n, accumulate, parallel: true);
                        }

                        Sgemm.Multiply(packed, transB, n, b, ldb, actual, n, accumulate, parallel: true);
                    });
                    KernelTestData.AssertBitIdentical(expected, actual, $"{isa} m={m} n={n} k={k} accumulate={accumulate} threads={threads}");
                }
            }
        }
    }

    [Fact]
    public void EmptyDepth_ClearsOrKeepsC()
    {
        SgemmPackedA packed = SgemmPackedA.Pack(false, 3, 0, [], 1, CpuFeatures.Current);
        float[] c = [1f, 2f, 3f, 4f, 5f, 6f];
        Sgemm.Multiply(packed, false, 2, [], 2, c, 2, accumulate: true, parallel: false);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], c);
        Sgemm.Multiply(packed, false, 2, [], 2, c, 2, accumulate: false, parallel: false);
        Assert.All(c, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void BadOperands_Throw()
    {
        Assert.Contains("A stored as [4, 5]", Assert.Throws<ArgumentException>(() => SgemmPackedA.Pack(false, 4, 5, new float[19], 5, KernelIsa.Portable)).Message);
        Assert.Throws<ArgumentException>(() => SgemmPackedA.Pack(false, -1, 5, new float[5], 5, KernelIsa.Portable));
        SgemmPackedA packed = SgemmPackedA.Pack(false, 4, 5, new float[20], 5, KernelIsa.Portable);
        Assert.Contains("B stored as [5, 3]", Assert.Throws<ArgumentException>(() => Sgemm.Multiply(packed, false, 3, new float[14], 3, new float[12], 3, false, false)).Message);
        Assert.Contains("C stored as [4, 3]", Assert.Throws<ArgumentException>(() => Sgemm.Multiply(packed, false, 3, new float[15], 3, new float[11], 3, false, false)).Message);
        float[] shared = new float[40];
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(packed, false, 3, shared.AsSpan(0, 15), 3, shared.AsSpan(10, 12), 3, false, false));
        if (CpuFeatures.Best < KernelIsa.Avx512)
        {
            SgemmPackedA wide = SgemmPackedA.Pack(false, 4, 5, new float[20], 5, KernelIsa.Avx512);
            Assert.Throws<InvalidOperationException>(() => Sgemm.Multiply(wide, false, 3, new float[15], 3, new float[12], 3, false, false));
        }
    }
}
