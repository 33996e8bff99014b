using System.Text.Json;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Tensors;

/// <summary>
/// Functional.LogSoftmax, Softmax and CrossEntropy against PyTorch 1.13 (softmax.safetensors from
/// tools/make_domain_fixtures.py): values and input gradients for a random upstream gradient, rtol 1e-4 / atol 1e-5,
/// including logits of ±60 and 80 that overflow exp without the max shift.
/// </summary>
public class SoftmaxTests
{
    private static readonly FixtureFile File = FixtureFile.Load("softmax.safetensors");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in JsonDocument.Parse(File.Metadata["cases"]).RootElement.EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_and_gradients_match_torch(string name)
    {
        var c = JsonDocument.Parse(File.Metadata["cases"]).RootElement.EnumerateArray().First(e => e.GetProperty("name").GetString() == name);
        var input = File.Tensor($"{name}/in");
        input.RequiresGrad = true;
        string op = c.GetProperty("op").GetString()!;
        var output = op switch
        {
            "log_softmax" => Functional.LogSoftmax(input, c.GetProperty("dim").GetInt32()),
            "softmax" => Functional.Softmax(input, c.GetProperty("dim").GetInt32()),
            _ => Functional.CrossEntropy(input, Targets(name), Enum.Parse<Reduction>(c.GetProperty("reduction").GetString()!, ignoreCase: true)),
        };

        TensorAssert.Close(File.Tensor($"{name}/out"), output, TensorAssert.Default, $"{name} output");
        output.Backward(File.Tensor($"{name}/gout"));
        TensorAssert.Close(File.Tensor($"{name}/grad"), input.Grad!, TensorAssert.Default, $"{name} gradient");
    }

    [Fact]
    public void Softmax_rows_sum_to_one()
    {
        var p = Functional.Softmax(Tensor.Randn(new TensorGenerator(3), 4, 9).MulScalar(10f));
        foreach (float sum in p.Sum([1]).ToArray())
        {
            Assert.Equal(1f, sum, 1e-5f);
        }
    }

    [Fact]
    public void Cross_entropy_names_a_target_out_of_range()
    {
        var logits = Tensor.Zeros(3, 4);
        var ex = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(logits, [0, 4, 1]));
        Assert.Contains("target[1] = 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0..3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_entropy_rejects_a_target_count_that_differs_from_the_rows()
    {
        var ex = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Zeros(3, 4), [0, 1]));
        Assert.Contains("3 rows", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Zeros(3, 4, 2), [0, 1, 2]));
    }

    private static int[] Targets(string name) => File.Raw($"{name}/target").ToDoubleArray().Select(v => (int)v).ToArray();
}
