using System.Text.Json;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Tensors;

/// <summary>
/// One op case of ops.safetensors / nn.safetensors (see tools/make_engine_fixtures.py): the op name and
/// arguments from the file's "cases" metadata, and the same computation written with our engine.
/// </summary>
internal sealed record OpCase(FixtureFile File, string Name, string Op, JsonElement Args, int InputCount, bool[] Grad, bool Second)
{
    public static IEnumerable<OpCase> All(string fileName)
    {
        var file = FixtureFile.Load(fileName);
        using var doc = JsonDocument.Parse(file.Metadata["cases"]);
        return doc.RootElement.EnumerateArray().Select(c => new OpCase(
            file,
            c.GetProperty("name").GetString()!,
            c.GetProperty("op").GetString()!,
            c.GetProperty("args").Clone(),
            c.GetProperty("inputs").GetInt32(),
            c.GetProperty("grad").EnumerateArray().Select(g => g.GetBoolean()).ToArray(),
            c.GetProperty("second").GetBoolean())).ToList();
    }

    public static OpCase Find(string fileName, string name) => All(fileName).Single(c => c.Name == name);

    /// <summary>Fresh leaf inputs; those with a reference gradient require grad when <paramref name="withGrad"/>.</summary>
    public Tensor?[] Inputs(bool withGrad)
    {
        var inputs = new Tensor?[InputCount];
        for (int i = 0; i < InputCount; i++)
        {
            inputs[i] = File.TensorOrNull($"{Name}/in{i}");
            if (inputs[i] is { } t && withGrad && Grad[i])
            {
                t.RequiresGrad = true;
            }
        }

        return inputs;
    }

    public Tensor Expected(string suffix) => File.Tensor($"{Name}/{suffix}");

    public Tensor Apply(Tensor?[] x)
    {
        Tensor a = x[0]!;
        return Op switch
        {
            "add" => a + x[1]!,
            "sub" => a - x[1]!,
            "mul" => a * x[1]!,
            "div" => a / x[1]!,
            "add_scalar" => a.AddScalar(Float("value")),
            "mul_scalar" => a.MulScalar(Float("value")),
            "neg" => -a,
            "exp" => a.Exp(),
            "log" => a.Log(),
            "sqrt" => a.Sqrt(),
            "pow" => a.Pow(Float("p")),
            "abs" => a.Abs(),
            "clamp" => a.Clamp(Float("min"), Float("max")),
            "tanh" => a.Tanh(),
            "sigmoid" => a.Sigmoid(),
            "relu" => a.Relu(),
            "leaky_relu" => a.LeakyRelu(Float("slope")),
            "sum" => Args.TryGetProperty("dims", out _) ? a.Sum(Ints("dims"), Bool("keep")) : a.Sum(),
            "mean" => Args.TryGetProperty("dims", out _) ? a.Mean(Ints("dims"), Bool("keep")) : a.Mean(),
            "var" => a.Var(Ints("dims"), Bool("unbiased"), Bool("keep")),
            "max" => a.Max(Int("dim"), Bool("keep")),
            "reshape" => a.Reshape(Ints("shape")),
            "view" => a.View(Ints("shape")),
            "permute" => a.Permute(Ints("order")),
            "transpose" => a.Transpose(Int("dim0"), Int("dim1")),
            "flatten" => a.Flatten(Int("start"), Int("end")),
            "unsqueeze" => a.Unsqueeze(Int("dim")),
            "squeeze" => a.Squeeze(Int("dim")),
            "narrow" => a.Narrow(Int("dim"), Int("start"), Int("length")),
            "slice" => a.Slice(Int("dim"), Int("start"), Int("end")),
            "cat" => Tensor.Cat(x.Select(t => t!).ToArray(), Int("dim")),
            "stack" => Tensor.Stack(x.Select(t => t!).ToArray(), Int("dim")),
            "expand" => a.Expand(Ints("shape")),
            "sum_to" => a.SumTo(Ints("shape")),
            "matmul" => a.MatMul(x[1]!),
            "linear" => Functional.Linear(a, x[1]!, x[2]),
            "conv2d" => Functional.Conv2d(a, x[1]!, x[2], Pair("stride"), Pair("padding")),
            "conv_transpose2d" => Functional.ConvTranspose2d(a, x[1]!, x[2], Pair("stride"), Pair("padding"), Pair("output_padding")),
            "batch_norm" => Functional.BatchNorm(a, x[3], x[4], x[1], x[2], Bool("training"), Float("momentum"), Float("eps")),
            "instance_norm" => Functional.InstanceNorm(a, x[1], x[2], Float("eps")),
            "layer_norm" => Functional.LayerNorm(a, Ints("shape"), x[1], x[2], Float("eps")),
            "pixel_shuffle" => Functional.PixelShuffle(a, Int("r")),
            "bce" => Functional.BinaryCrossEntropy(a, x[1]!, Reduction()),
            "bce_logits" => Functional.BinaryCrossEntropyWithLogits(a, x[1]!, Reduction()),
            "mse" => Functional.MseLoss(a, x[1]!, Reduction()),
            _ => throw new InvalidOperationException($"Fixture op '{Op}' has no C# counterpart in the test."),
        };
    }

    public override string ToString() => Name;

    private float Float(string key) => Args.GetProperty(key).GetSingle();

    private int Int(string key) => Args.GetProperty(key).GetInt32();

    private bool Bool(string key) => Args.GetProperty(key).GetBoolean();

    private int[] Ints(string key) => Args.GetProperty(key).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private (int H, int W) Pair(string key)
    {
        int[] v = Ints(key);
        return (v[0], v[1]);
    }

    private Reduction Reduction() => Args.GetProperty("reduction").GetString() switch
    {
        "mean" => Dcgan.Net.Tensors.Reduction.Mean,
        "sum" => Dcgan.Net.Tensors.Reduction.Sum,
        _ => Dcgan.Net.Tensors.Reduction.None,
    };
}
