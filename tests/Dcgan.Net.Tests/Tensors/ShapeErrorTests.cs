using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Nn;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Tensors;

/// <summary>Shape mismatches at the public edges throw ArgumentException naming the expected and actual shapes (or keys).</summary>
public class ShapeErrorTests
{
    [Fact]
    public void MatMul_names_both_shapes() =>
        AssertNames(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)), "[2, 3]", "[4, 5]");

    [Fact]
    public void Linear_names_input_and_weight_shapes() =>
        AssertNames(() => Functional.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5), null), "[2, 3]", "[4, 5]");

    [Fact]
    public void Linear_bias_names_expected_and_actual_shapes() =>
        AssertNames(() => Functional.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(4, 3), Tensor.Zeros(3)), "[4]", "[3]");

    [Fact]
    public void Conv2d_names_input_and_weight_shapes() =>
        AssertNames(() => Functional.Conv2d(Tensor.Zeros(1, 3, 5, 5), Tensor.Zeros(4, 2, 3, 3), null, (1, 1), (0, 0)), "[1, 3, 5, 5]", "[4, 2, 3, 3]");

    [Fact]
    public void Conv2d_input_of_the_wrong_rank_names_its_shape() =>
        AssertNames(() => Functional.Conv2d(Tensor.Zeros(3, 5, 5), Tensor.Zeros(4, 3, 3, 3), null, (1, 1), (0, 0)), "[3, 5, 5]");

    [Fact]
    public void ConvTranspose2d_names_input_and_weight_shapes() =>
        AssertNames(() => Functional.ConvTranspose2d(Tensor.Zeros(1, 3, 2, 2), Tensor.Zeros(4, 2, 3, 3), null, (2, 2), (1, 1)), "[1, 3, 2, 2]", "[4, 2, 3, 3]");

    [Fact]
    public void Conv2d_module_names_the_input_shape() =>
        AssertNames(() => new Conv2d(3, 4, 3, generator: new TensorGenerator(1)).Forward(Tensor.Zeros(2, 5, 7, 7)), "[2, 5, 7, 7]", "[4, 3, 3, 3]");

    [Fact]
    public void Broadcasting_names_both_shapes() =>
        AssertNames(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4), "[2, 3]", "[4]");

    [Fact]
    public void Broadcasting_of_channel_vectors_names_both_shapes() =>
        AssertNames(() => Tensor.Zeros(2, 3, 4, 4) * Tensor.Zeros(1, 4, 1, 1), "[2, 3, 4, 4]", "[1, 4, 1, 1]");

    [Fact]
    public void Cat_names_both_shapes() =>
        AssertNames(() => Tensor.Cat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)], 0), "[2, 3]", "[2, 4]");

    [Fact]
    public void Cat_of_different_ranks_names_both_shapes() =>
        AssertNames(() => Tensor.Cat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 3, 1)], 1), "[2, 3]", "[2, 3, 1]");

    [Fact]
    public void Reshape_names_both_shapes() =>
        AssertNames(() => Tensor.Zeros(2, 3).Reshape(4, 2), "[2, 3]", "[4, 2]");

    [Fact]
    public void Expand_names_both_shapes() =>
        AssertNames(() => Tensor.Zeros(3, 2).Expand(3, 4), "[3, 2]", "[3, 4]");

    [Fact]
    public void Backward_gradient_of_the_wrong_shape_names_both_shapes()
    {
        var x = Tensor.Ones(2, 3);
        x.RequiresGrad = true;
        AssertNames(() => x.MulScalar(2f).Backward(Tensor.Ones(3, 2)), "[2, 3]", "[3, 2]");
    }

    [Fact]
    public void Loss_targets_of_the_wrong_shape_name_both_shapes()
    {
        AssertNames(() => Functional.MseLoss(Tensor.Zeros(4), Tensor.Zeros(4, 1)), "[4]", "[4, 1]");
        AssertNames(() => Functional.BinaryCrossEntropy(Tensor.Zeros(4), Tensor.Zeros(5)), "[4]", "[5]");
        AssertNames(() => Functional.BinaryCrossEntropyWithLogits(Tensor.Zeros(2, 2), Tensor.Zeros(4)), "[2, 2]", "[4]");
    }

    [Fact]
    public void BatchNorm_parameters_of_the_wrong_size_name_both_shapes() =>
        AssertNames(() => Functional.BatchNorm(Tensor.Zeros(2, 3, 2, 2), Tensor.Zeros(4), Tensor.Ones(3), null, null, training: false), "[3]", "[4]");

    [Fact]
    public void LayerNorm_names_input_and_normalized_shapes() =>
        AssertNames(() => Functional.LayerNorm(Tensor.Zeros(2, 3, 5), [4], null, null), "[2, 3, 5]", "[4]");

    [Fact]
    public void Batch_norm_training_on_one_value_per_channel_is_refused() =>
        AssertNames(() => Functional.BatchNorm(Tensor.Zeros(1, 3, 1, 1), Tensor.Zeros(3), Tensor.Ones(3), null, null, training: true), "[1, 3, 1, 1]");

    [Fact]
    public void LoadStateDict_names_missing_and_unexpected_keys_and_changes_nothing()
    {
        var model = new Sequential(new Linear(3, 2, generator: new TensorGenerator(1)), new BatchNorm2d(2));
        var before = model.StateDict();
        var state = new Dictionary<string, RawArray>(before);
        state.Remove("0.bias");
        state["1.running_mean"] = RawArray.FromSingles([5f, 5f], 2);
        state["2.weight"] = RawArray.FromSingles([1f], 1);

        AssertNames(() => model.LoadStateDict(state), "0.bias", "2.weight");
        Assert.Equal(before["1.running_mean"].ToSingleArray(), model.StateDict()["1.running_mean"].ToSingleArray());
    }

    [Fact]
    public void LoadStateDict_non_strict_reports_the_keys_it_skipped()
    {
        var model = new Sequential(new Linear(3, 2, generator: new TensorGenerator(1)));
        var state = new Dictionary<string, RawArray>
        {
            ["0.weight"] = RawArray.FromSingles(new float[6], 2, 3),
            ["extra"] = RawArray.FromSingles([1f], 1),
        };

        var result = model.LoadStateDict(state, strict: false);

        Assert.Equal(["0.bias"], result.MissingKeys);
        Assert.Equal(["extra"], result.UnexpectedKeys);
        Assert.All(model.StateDict()["0.weight"].ToSingleArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void LoadStateDict_names_a_mis_shaped_key_with_both_shapes()
    {
        var model = new Sequential(new Linear(3, 2, generator: new TensorGenerator(1)));
        var state = new Dictionary<string, RawArray>(model.StateDict())
        {
            ["0.weight"] = RawArray.FromSingles(new float[6], 3, 2),
        };

        AssertNames(() => model.LoadStateDict(state, strict: false), "0.weight", "[2, 3]", "[3, 2]");
    }

    private static void AssertNames(Action action, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        foreach (string f in fragments)
        {
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
        }
    }

    private static void AssertNames(Func<object> action, params string[] fragments) => AssertNames(() => { action(); }, fragments);
}
