using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

public class GanTrainerOptionsTests
{
    [Fact]
    public void Defaults_are_the_homework_settings()
    {
        var o = new GanTrainerOptions();
        Assert.Equal(GanLossKind.NonSaturating, o.Loss);
        Assert.Equal((2e-4, 0.5, 0.999), (o.GeneratorLearningRate, o.GeneratorBeta1, o.GeneratorBeta2));
        Assert.Equal((2e-4, 0.5, 0.999), (o.DiscriminatorLearningRate, o.DiscriminatorBeta1, o.DiscriminatorBeta2));
        Assert.Equal((10f, 5), (o.GradientPenaltyWeight, o.CriticIterations));
        Assert.Equal((0f, 1, 0f, 0f, 0), (o.R1Gamma, o.R1Interval, o.LabelSmoothing, o.InstanceNoiseStd, o.ReplayBufferSize));
        Assert.False(o.HalveDiscriminatorTerms);
        o.Validate();
    }

    public static TheoryData<GanTrainerOptions, string> BadOptions() => new()
    {
        { new GanTrainerOptions { GeneratorLearningRate = 0 }, "GeneratorLearningRate" },
        { new GanTrainerOptions { DiscriminatorLearningRate = double.PositiveInfinity }, "DiscriminatorLearningRate" },
        { new GanTrainerOptions { Beta1 = 1 }, "Beta1" },
        { new GanTrainerOptions { DiscriminatorBeta2 = -0.1 }, "Beta2" },
        { new GanTrainerOptions { CriticIterations = 0 }, "CriticIterations" },
        { new GanTrainerOptions { R1Gamma = float.NaN }, "R1Gamma" },
        { new GanTrainerOptions { R1Interval = 0 }, "R1Interval" },
        { new GanTrainerOptions { LabelSmoothing = 1 }, "LabelSmoothing" },
        { new GanTrainerOptions { InstanceNoiseStd = -1 }, "InstanceNoiseStd" },
        { new GanTrainerOptions { InstanceNoiseAnnealSteps = -1 }, "InstanceNoiseAnnealSteps" },
        { new GanTrainerOptions { ReplayBufferSize = -1 }, "ReplayBufferSize" },
        { new GanTrainerOptions { ReplayProbability = 1.5f }, "ReplayProbability" },
        { new GanTrainerOptions { GradientPenaltyWeight = float.PositiveInfinity }, "GradientPenaltyWeight" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Out_of_range_settings_name_the_setting(GanTrainerOptions options, string name)
    {
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }
}
