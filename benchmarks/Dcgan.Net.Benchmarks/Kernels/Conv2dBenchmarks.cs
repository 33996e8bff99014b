using BenchmarkDotNet.Attributes;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Benchmarks.Kernels;

/// <summary>
/// <see cref="Conv2dKernels"/> on the layers of the reference DCGAN (batch 64, hidden 16, 32x32 images,
/// 4x4 kernels): run with <c>bdn --filter *Conv2dBenchmarks*</c>. The generator's transposed convolutions
/// are <see cref="Conv2dKernels.BackwardInput"/> of the geometries marked "G".
/// </summary>
[MemoryDiagnoser]
public class Conv2dBenchmarks
{
    private static readonly Dictionary<string, Conv2dGeometry> s_layers = new()
    {
        ["D1 1->16 32->16"] = new(64, 1, 32, 32, 16, 4, 4, 2, 2, 1, 1),
        ["D2 16->32 16->8"] = new(64, 16, 16, 16, 32, 4, 4, 2, 2, 1, 1),
        ["D3 32->64 8->4"] = new(64, 32, 8, 8, 64, 4, 4, 2, 2, 1, 1),
        ["D4 64->1 4->1"] = new(64, 64, 4, 4, 1, 4, 4, 1, 1, 0, 0),
        ["G1 16->64 1->4"] = new(64, 64, 4, 4, 16, 4, 4, 1, 1, 0, 0),
        ["G4 16->1 16->32"] = new(64, 1, 32, 32, 16, 4, 4, 2, 2, 1, 1),
    };

    private float[] _input = [];
    private float[] _weight = [];
    private float[] _output = [];

    [ParamsSource(nameof(Layers))]
    public string Layer { get; set; } = "D2 16->32 16->8";

    public static IEnumerable<string> Layers => s_layers.Keys;

    private Conv2dGeometry Geometry => s_layers[Layer];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        Conv2dGeometry g = Geometry;
        _input = Enumerable.Range(0, g.Batch * g.InputImageSize).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        _weight = Enumerable.Range(0, g.WeightSize).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        _output = Enumerable.Range(0, g.Batch * g.OutputImageSize).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
    }

    [Benchmark]
    public void Forward() => Conv2dKernels.Forward(_input, _weight, _output, Geometry);

    [Benchmark]
    public void BackwardInput() => Conv2dKernels.BackwardInput(_output, _weight, _input, Geometry, accumulate: false);

    [Benchmark]
    public void BackwardWeight() => Conv2dKernels.BackwardWeight(_input, _output, _weight, Geometry, accumulate: false);
}
