using Dcgan.Net.Fid;

namespace Dcgan.Net.Tests.Fid;

[Collection(KernelSettingsCollection.Name)]
public class VectorOpsTests
{
    [Fact]
    public void FirstNonFiniteAndWiden_EveryLevelAndLength_MatchScalarLoops()
    {
        var random = new Random(8);
        foreach (int level in DgemmTests.SupportedLevels())
        {
            DgemmTests.WithLevel((SimdLevel)level, () =>
            {
                for (int n = 0; n <= 40; n++)
                {
                    float[] x = Enumerable.Range(0, n).Select(_ => random.NextSingle() - 0.5f).ToArray();
                    var wide = new double[n];
                    VectorOps.Widen(x, wide);
                    Assert.Equal(x.Select(v => (double)v), wide);
                    Assert.Equal(-1, VectorOps.FirstNonFinite(x));
                    Assert.Equal(-1, VectorOps.FirstNonFinite(wide));
                    for (int bad = 0; bad < n; bad += 7)
                    {
                        float saved = x[bad];
                        x[bad] = bad % 2 == 0 ? float.NaN : float.NegativeInfinity;
                        wide[bad] = x[bad];
                        Assert.Equal(bad, VectorOps.FirstNonFinite(x));
                        Assert.Equal(bad, VectorOps.FirstNonFinite(wide));
                        x[bad] = saved;
                        wide[bad] = saved;
                    }
                }
            });
        }
    }

    [Fact]
    public unsafe void DotAxpyAndRotate_EveryLevelAndLength_MatchScalarLoops()
    {
        var random = new Random(9);
        foreach (int level in DgemmTests.SupportedLevels())
        {
            DgemmTests.WithLevel((SimdLevel)level, () =>
            {
                for (int n = 0; n <= 37; n++)
                {
                    double[] a = DgemmTests.RandomArray(random, n), x = DgemmTests.RandomArray(random, n), y = DgemmTests.RandomArray(random, n);
                    double[] y0 = (double[])y.Clone(), a0 = (double[])a.Clone(), x0 = (double[])x.Clone();
                    double dot, fused;
                    fixed (double* pa = a, px = x, py = y)
                    {
                        dot = VectorOps.Dot(pa, px, n);
                        fused = VectorOps.DotAndAxpy(pa, px, 0.75, py, n);
                        VectorOps.Rotate(pa, px, n, 0.6, 0.8);
                    }

                    double expected = 0;
                    for (int i = 0; i < n; i++)
                    {
                        expected += a0[i] * x0[i];
                    }

                    Assert.Equal(expected, dot, 1e-14);
                    Assert.Equal(expected, fused, 1e-14);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.Equal(y0[i] + (0.75 * a0[i]), y[i], 1e-15);
                        Assert.Equal((0.6 * a0[i]) - (0.8 * x0[i]), a[i], 1e-15);
                        Assert.Equal((0.8 * a0[i]) + (0.6 * x0[i]), x[i], 1e-15);
                    }
                }
            });
        }
    }
}
