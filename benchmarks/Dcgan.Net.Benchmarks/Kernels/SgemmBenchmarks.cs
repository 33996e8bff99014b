using BenchmarkDotNet.Attributes;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Benchmarks.Kernels;

/// <summary>
/// <see cref="Sgemm"/> on a square product and on the per-image products of the DCGAN convolutions
/// (hidden 16, 32x32 images): run with <c>bdn --filter *SgemmBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class SgemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>m x n x k; the small ones are conv layers lowered per image (weight x im2col).</summary>
    [Params("512x512x512", "16x256x16", "32x64x256", "64x16x512", "256x16x64", "16x1024x256")]
    public string Shape { get; set; } = "512x512x512";

    private int M => int.Parse(Shape.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);

    private int N => int.Parse(Shape.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);

    private int K => int.Parse(Shape.Split('x')[2], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _a = Enumerable.Range(0, M * K).Select(_ => (float)rng.NextDouble()).ToArray();
        _b = Enumerable.Range(0, K * N).Select(_ => (float)rng.NextDouble()).ToArray();
        _c = new float[M * N];
    }

    [Benchmark]
    public void Multiply() => Sgemm.Multiply(false, false, M, N, K, _a, K, _b, N, _c, N, accumulate: false);

    [Benchmark]
    public void MultiplyTransposedB() => Sgemm.Multiply(false, true, M, N, K, _a, K, _b, K, _c, N, accumulate: false);
}
