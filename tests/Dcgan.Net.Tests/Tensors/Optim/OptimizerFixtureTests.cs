using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Optim;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Tensors.Optim;

/// <summary>
/// Adam, SGD and RMSprop against torch.optim (optim.safetensors): six steps on fixed gradients for two
/// parameters, the second of which has no gradient at one step; the moment buffers after the last step;
/// and a save/restore in the middle that must continue bit for bit. Tolerance rtol 1e-6 / atol 1e-7: the
/// parameters agree to an ulp or two (PyTorch's vectorised add/addcdiv round differently, e.g. with fused
/// multiply-adds), far tighter than the rtol 1e-4.
/// </summary>
public class OptimizerFixtureTests
{
    private static readonly FixtureFile s_fixture = FixtureFile.Load("optim.safetensors");
    private static readonly Tolerance s_tolerance = new(1e-6, 1e-7);

    public static TheoryData<string> Configurations() =>
        ["adam", "adam_wd", "adam_eps", "sgd", "sgd_momentum", "sgd_nesterov", "sgd_dampening", "rmsprop", "rmsprop_momentum"];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Trajectory_and_state_match_torch(string name)
    {
        var ps = Parameters();
        var optimizer = Create(name, ps);

        for (int s = 0; s < Steps; s++)
        {
            Step(optimizer, ps, s);
            TensorAssert.Close(Row($"{name}/p0", s), ps[0], s_tolerance, $"{name} parameter 0 after step {s + 1}");
            TensorAssert.Close(Row($"{name}/p1", s), ps[1], s_tolerance, $"{name} parameter 1 after step {s + 1}");
        }

        var state = optimizer.StateDict();
        var torchState = s_fixture.WithPrefix($"{name}/state.").ToDictionary(kv => "state." + kv.Key, kv => kv.Value);
        var ours = state.Where(kv => kv.Value.DataType == DataType.Float32).Select(kv => kv.Key).Order();
        Assert.Equal(torchState.Keys.Order(), ours);
        foreach (var (key, expected) in torchState)
        {
            TensorAssert.Close(expected.ToSingleArray(), state[key].ToSingleArray(), s_tolerance, $"{name} {key}");
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Restored_state_continues_identically(string name)
    {
        var ps = Parameters();
        var original = Create(name, ps);
        Step(original, ps, 0);
        Step(original, ps, 1);

        var copies = ps.Select(p => Tensor.FromArray(p.ToArray(), p.Shape.ToArray())).ToArray();
        foreach (var c in copies)
        {
            c.RequiresGrad = true;
        }

        var restored = Create(name, copies);
        restored.LoadStateDict(original.StateDict());
        Assert.Equal(original.StepCount, restored.StepCount);
        for (int s = 2; s < Steps; s++)
        {
            Step(original, ps, s);
            Step(restored, copies, s);
        }

        TensorAssert.BitEqual(ps[0], copies[0], "parameter 0");
        TensorAssert.BitEqual(ps[1], copies[1], "parameter 1");
        TensorAssert.Close(Row($"{name}/p0", Steps - 1), copies[0], s_tolerance, "restored parameter 0 vs torch");
    }

    private static int Steps => int.Parse(s_fixture.Metadata["steps"], System.Globalization.CultureInfo.InvariantCulture);

    private static int SkippedStep => int.Parse(s_fixture.Metadata["skipped_step"], System.Globalization.CultureInfo.InvariantCulture);

    private static Tensor[] Parameters()
    {
        var ps = new[] { s_fixture.Tensor("p0"), s_fixture.Tensor("p1") };
        foreach (var p in ps)
        {
            p.RequiresGrad = true;
        }

        return ps;
    }

    private static void Step(Optimizer optimizer, Tensor[] ps, int s)
    {
        ps[0].Grad = Row("g0", s);
        ps[1].Grad = s == SkippedStep ? null : Row("g1", s);
        optimizer.Step();
    }

    private static Tensor Row(string name, int s)
    {
        var all = s_fixture.Tensor(name);
        return all.Narrow(0, s, 1).Squeeze(0);
    }

    private static Optimizer Create(string name, Tensor[] ps) => name switch
    {
        "adam" => new Adam(ps, 1e-2, 0.5, 0.999),
        "adam_wd" => new Adam(ps, 1e-2, 0.5, 0.999, weightDecay: 0.1),
        "adam_eps" => new Adam(ps, 1e-2, eps: 1e-2),
        "sgd" => new Sgd(ps, 0.1),
        "sgd_momentum" => new Sgd(ps, 0.1, momentum: 0.9),
        "sgd_nesterov" => new Sgd(ps, 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true),
        "sgd_dampening" => new Sgd(ps, 0.1, momentum: 0.8, weightDecay: 0.05, dampening: 0.3),
        "rmsprop" => new RmsProp(ps, 1e-2),
        "rmsprop_momentum" => new RmsProp(ps, 1e-2, alpha: 0.9, eps: 1e-6, weightDecay: 0.01, momentum: 0.5),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown optimiser configuration."),
    };
}
