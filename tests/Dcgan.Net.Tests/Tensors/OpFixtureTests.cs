using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Tensors;

/// <summary>
/// Every op case of tools/make_engine_fixtures.py (ops.safetensors: element-wise, reductions, shapes;
/// nn.safetensors: matmul, linear, convolutions, normalisations, pixel shuffle, losses; odd_shapes.safetensors: the
/// same ops on larger sizes that are not multiples of 8 or 16, so the SIMD bodies and GEMM tiles run;
/// bn_second.safetensors from tools/make_training_fixtures.py: training-mode batch norm with second derivatives)
/// against PyTorch 1.13:
/// forward values, in-place running statistics, first gradients for a random upstream gradient, and second
/// derivatives (Hessian-vector products of 0.5 op(...)²) through create-graph backward passes.
/// </summary>
[Trait("Category", "Simd")]
public class OpFixtureTests
{
    private static readonly string[] s_files = ["ops.safetensors", "nn.safetensors", "odd_shapes.safetensors", "bn_second.safetensors"];

    public static TheoryData<string, string> Cases() => Data(c => true);

    public static TheoryData<string, string> SecondOrderCases() => Data(c => c.Second);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_matches_torch(string file, string name)
    {
        var c = OpCase.Find(file, name);
        var inputs = c.Inputs(withGrad: false);
        var output = c.Apply(inputs);
        TensorAssert.Close(c.Expected("out"), output, OpTolerances.For(c), $"{name} output");
        for (int i = 0; i < inputs.Length; i++)
        {
            if (c.File.Contains($"{name}/after{i}"))
            {
                TensorAssert.Close(c.Expected($"after{i}"), inputs[i]!, OpTolerances.For(c), $"{name} input {i} after the call");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_torch(string file, string name)
    {
        var c = OpCase.Find(file, name);
        var inputs = c.Inputs(withGrad: true);
        var output = c.Apply(inputs);
        output.Backward(c.Expected("gout"));
        for (int i = 0; i < inputs.Length; i++)
        {
            if (c.Grad[i])
            {
                Assert.NotNull(inputs[i]!.Grad);
                TensorAssert.Close(c.Expected($"grad{i}"), inputs[i]!.Grad!, OpTolerances.For(c), $"{name} gradient of input {i}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SecondOrderCases))]
    public void Second_derivatives_match_torch(string file, string name)
    {
        var c = OpCase.Find(file, name);
        var inputs = c.Inputs(withGrad: true);
        int[] wrt = Enumerable.Range(0, inputs.Length).Where(i => c.Grad[i]).ToArray();
        var leaves = wrt.Select(i => inputs[i]!).ToArray();

        var z = c.Apply(inputs);
        var firsts = Tensor.ComputeGradients([z.Mul(z).MulScalar(0.5f)], leaves, [c.Expected("gout")], createGraph: true);
        Tensor? s = null;
        for (int k = 0; k < wrt.Length; k++)
        {
            TensorAssert.Close(c.Expected($"first{wrt[k]}"), firsts[k], OpTolerances.For(c), $"{name} create-graph gradient of input {wrt[k]}");
            var term = firsts[k].Mul(c.Expected($"probe{wrt[k]}")).Sum();
            s = s is null ? term : s + term;
        }

        var seconds = Tensor.ComputeGradients([s!], leaves);
        for (int k = 0; k < wrt.Length; k++)
        {
            TensorAssert.Close(c.Expected($"second{wrt[k]}"), seconds[k], OpTolerances.For(c), $"{name} second derivative for input {wrt[k]}");
        }
    }

    private static TheoryData<string, string> Data(Func<OpCase, bool> filter)
    {
        var data = new TheoryData<string, string>();
        foreach (string file in s_files)
        {
            foreach (var c in OpCase.All(file).Where(filter))
            {
                data.Add(file, c.Name);
            }
        }

        return data;
    }
}
