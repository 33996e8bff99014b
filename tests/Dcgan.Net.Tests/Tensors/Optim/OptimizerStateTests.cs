using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Optim;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Tensors.Optim;

/// <summary>Optimiser state that does not fit its parameters is refused at load time, naming the keys.</summary>
public class OptimizerStateTests
{
    [Fact]
    public void Buffer_of_the_wrong_length_is_refused_even_by_a_fresh_optimizer()
    {
        var p = Parameter(5);
        var adam = new Adam([p]);
        var state = new Dictionary<string, RawArray>
        {
            ["step"] = Int64(1),
            ["state.0.exp_avg"] = RawArray.FromSingles(new float[3], 3),
            ["state.0.exp_avg_sq"] = RawArray.FromSingles(new float[5], 5),
            ["state.0.step"] = Int64(1),
        };

        var e = Assert.Throws<ArgumentException>(() => adam.LoadStateDict(state));

        Assert.Contains("state.0.exp_avg", e.Message, StringComparison.Ordinal);
        Assert.Contains("[5]", e.Message, StringComparison.Ordinal);
        p.Grad = Tensor.Ones(5);
        adam.Step();
    }

    [Fact]
    public void State_of_a_parameter_index_that_does_not_exist_is_refused()
    {
        var sgd = new Sgd([Parameter(2)], 0.1, momentum: 0.9);
        var state = new Dictionary<string, RawArray>
        {
            ["step"] = Int64(1),
            ["state.3.momentum_buffer"] = RawArray.FromSingles(new float[2], 2),
        };

        var e = Assert.Throws<ArgumentException>(() => sgd.LoadStateDict(state));

        Assert.Contains("state.3.momentum_buffer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_step_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new RmsProp([Parameter(2)]).LoadStateDict(new Dictionary<string, RawArray>()));

        Assert.Contains("step", e.Message, StringComparison.Ordinal);
    }

    private static Tensor Parameter(int n)
    {
        var p = Tensor.Zeros(n);
        p.RequiresGrad = true;
        return p;
    }

    private static RawArray Int64(long value) => new(DataType.Int64, [], BitConverter.GetBytes(value));
}
