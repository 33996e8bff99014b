using Dcgan.Net.Fid;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Fid;

[Collection(KernelSettingsCollection.Name)]
public class DgemmTests
{
    /// <summary>Every kernel level this machine can run, as ints (the enum is internal).</summary>
    public static TheoryData<int> Levels() => new(SupportedLevels());

    internal static int[] SupportedLevels() =>
        Enumerable.Range(0, (int)Dgemm.DetectLevel() + 1).ToArray();

    [Theory]
    [MemberData(nameof(Levels))]
    public void Multiply_AllTransposes_MatchesReference(int levelNumber)
    {
        var level = (SimdLevel)levelNumber;
        // Sizes straddle every tile edge: MR (4, 6, 8), NR (4, 8, 24), MC 192, NC 16·NR and KC 256.
        int[][] shapes = [[1, 1, 1], [7, 5, 3], [97, 389, 300], [200, 25, 513], [13, 130, 1]];
        var random = new Random(3);
        WithLevel(level, () =>
        {
            foreach (int[] s in shapes)
            {
                int m = s[0], n = s[1], k = s[2];
                foreach (bool transA in new[] { false, true })
                {
                    foreach (bool transB in new[] { false, true })
                    {
                        int lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 1, ldc = n + 2;
                        var a = RandomArray(random, (transA ? k : m) * lda);
                        var b = RandomArray(random, (transB ? n : k) * ldb);
                        var c = RandomArray(random, m * ldc);
                        var expected = (double[])c.Clone();

                        DgemmReference.Multiply(transA, transB, m, n, k, a, lda, b, ldb, expected, ldc, accumulate: true);
                        Dgemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate: true);

                        AssertClose(expected, c, 1e-12 * Math.Sqrt(k), $"{level} {m}x{n}x{k} tA={transA} tB={transB}");
                    }
                }
            }
        });
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Multiply_UpperOutputAndTriangularOperands_MatchDenseProductWhereDefined(int levelNumber)
    {
        var level = (SimdLevel)levelNumber;
        const int n = 203;
        var random = new Random(5);
        var upper = RandomArray(random, n * n);
        var lower = RandomArray(random, n * n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (j < i)
                {
                    upper[(i * n) + j] = 0;
                }

                if (j > i)
                {
                    lower[(i * n) + j] = 0;
                }
            }
        }

        var expected = new double[n * n];
        DgemmReference.Multiply(false, false, n, n, n, upper, n, lower, n, expected, n, accumulate: false);
        var actual = new double[n * n];
        WithLevel(level, () => Dgemm.Multiply(
            false, false, n, n, n, upper, n, lower, n, actual, n, accumulate: false,
            GemmStructure.UpperOutput | GemmStructure.AUpperTriangular | GemmStructure.BLowerTriangular));

        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                Assert.True(Math.Abs(expected[(i * n) + j] - actual[(i * n) + j]) <= 1e-11, $"({i}, {j})");
            }
        }
    }

    [Fact]
    public void Multiply_ResultBitsDoNotDependOnThreadCount()
    {
        const int m = 300, n = 290, k = 700;
        var random = new Random(9);
        var a = RandomArray(random, m * k);
        var b = RandomArray(random, k * n);
        var one = new double[m * n];
        var many = new double[m * n];
        int saved = EngineSettings.ThreadCount;
        try
        {
            EngineSettings.ThreadCount = 1;
            Dgemm.Multiply(false, false, m, n, k, a, k, b, n, one, n, accumulate: false);
            EngineSettings.ThreadCount = 5;
            Dgemm.Multiply(false, false, m, n, k, a, k, b, n, many, n, accumulate: false);
        }
        finally
        {
            EngineSettings.ThreadCount = saved;
        }

        Assert.Equal(one, many);
    }

    internal static void WithLevel(SimdLevel level, Action action)
    {
        var saved = Dgemm.Level;
        try
        {
            Dgemm.Level = level;
            action();
        }
        finally
        {
            Dgemm.Level = saved;
        }
    }

    internal static double[] RandomArray(Random random, int length)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextDouble() - 0.5;
        }

        return values;
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string context)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{context}: element {i} is {actual[i]}, expected {expected[i]}");
        }
    }
}
