using System.Text.Json;

namespace Dcgan.Net.Tests.Fid;

/// <summary>
/// The fixture feature sets of tools/make_fid_fixtures.py, regenerated bit for bit instead of stored:
/// <c>x[n, j] = float32(Σ_k z[n,k]·2^-(k/4)·w[k,j] + noise·e[n,j] + (j mod 7)/8 + shift·[j mod 3 = 0])</c>
/// with z, e 20-bit and w 8-bit uniforms on [-1/2, 1/2) from a stateless splitmix64 hash. Every term is a short
/// dyadic rational, so the float64 sum is exact in any order and the single float32 rounding matches numpy's.
/// </summary>
internal static class FixtureFeatures
{
    public const int Factors = 16;

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Fid");

    public static JsonElement Reference { get; } =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "fid_reference.json"))).RootElement;

    /// <summary>The reference entry of a named case ("small", "large", ...).</summary>
    public static JsonElement Case(string name) =>
        Reference.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    /// <summary>Features of one side ("a" or "b") of a case, row-major [n, d].</summary>
    public static float[] For(string caseName, string side, out int rows, out int dims)
    {
        var entry = Case(caseName);
        var p = entry.GetProperty(side);
        dims = entry.GetProperty("dims").GetInt32();
        rows = p.GetProperty("n").GetInt32();
        return Generate(
            (ulong)p.GetProperty("sample_seed").GetInt64(), (ulong)p.GetProperty("loading_seed").GetInt64(),
            rows, dims, p.GetProperty("shift").GetDouble(), p.GetProperty("noise").GetDouble());
    }

    public static float[] Generate(ulong sampleSeed, ulong loadingSeed, int n, int d, double shift, double noise)
    {
        var w = new double[Factors * d];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = Uniform(loadingSeed, 2, (ulong)i, 8);
        }

        var x = new float[n * d];
        var z = new double[Factors];
        for (int r = 0; r < n; r++)
        {
            for (int k = 0; k < Factors; k++)
            {
                z[k] = Uniform(sampleSeed, 0, (ulong)((r * Factors) + k), 20) * Math.ScaleB(1.0, -(k / 4));
            }

            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int k = 0; k < Factors; k++)
                {
                    sum += z[k] * w[(k * d) + j];
                }

                double e = Uniform(sampleSeed, 1, (ulong)(((long)r * d) + j), 20);
                double offset = ((j % 7) / 8.0) + (j % 3 == 0 ? shift : 0.0);
                x[(r * d) + j] = (float)(sum + (noise * e) + offset);
            }
        }

        return x;
    }

    public static ulong SplitMix64(ulong x)
    {
        ulong z = x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static double Uniform(ulong seed, ulong stream, ulong index, int bits) =>
        ((double)(SplitMix64((seed << 40) | (stream << 36) | index) >> (64 - bits)) / (1UL << bits)) - 0.5;
}
