using Dcgan.Net.Fid;
using Dcgan.Net.Fid.Domain;
using Dcgan.Net.Logging;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Fid.Domain;

/// <summary>
/// The domain FID during training: the hook logs "fid/domain" at the right steps, leaves the training trajectory
/// bit for bit unchanged (weights, buffers, optimiser-visible results, the trainer's random state) and restores every
/// train/eval flag; real images score far below an untrained generator.
/// </summary>
public class DomainFidEvaluatorTests
{
    private static readonly Lazy<DomainFidEvaluator> SmallEvaluator = new(() => DomainFidEvaluator.FromDataset(
        DomainFixtures.FashionClassifier,
        DomainFixtures.FashionSlice(0, 600),
        new DomainFidOptions { SampleCount = 200, ReferenceCount = 500, Seed = 3 }));

    private static GanTrainer NewTrainer()
    {
        var options = new DcganOptions { HiddenDim = 4, LatentDim = 8 };
        return new GanTrainer(new Generator(options, new TensorGenerator(1)), new Discriminator(options, new TensorGenerator(2)), new GanTrainerOptions { Seed = 11 });
    }

    private static IEnumerable<Tensor> Batches()
    {
        for (ulong i = 0; ; i++)
        {
            yield return Tensor.Rand(new TensorGenerator(100 + i), 4, 1, 32, 32).MulScalar(2f).AddScalar(-1f);
        }
    }

    [Fact]
    public void The_hook_logs_the_distance_every_n_steps_and_leaves_training_bit_for_bit_unchanged()
    {
        var plain = NewTrainer();
        var plainResults = plain.Train(Batches(), 6);

        var evaluator = new DomainFidEvaluator(SmallEvaluator.Value.Features, SmallEvaluator.Value.Reference, SmallEvaluator.Value.Options);
        var logger = new RecordingLogger();
        var printed = new List<long>();
        var hooked = NewTrainer();
        var hookedResults = hooked.Train(Batches(), 6, new TrainingHooks().Every(2, evaluator.Hook(logger, p => printed.Add(p.Step))));

        Assert.Equal([(DomainFidEvaluator.ScalarTag, 2L), (DomainFidEvaluator.ScalarTag, 4L), (DomainFidEvaluator.ScalarTag, 6L)], logger.Entries.Select(e => (e.Tag, e.Step)));
        Assert.Equal([2L, 4L, 6L], printed);
        Assert.Equal(logger.Entries.Select(e => e.Value), evaluator.History.Select(p => (float)p.Result.Distance));
        Assert.All(evaluator.History, p => Assert.True(p.Result.Distance > 0 && double.IsFinite(p.Result.Distance)));

        Assert.Equal(plainResults, hookedResults);
        Assert.Equal(plain.Random.GetState(), hooked.Random.GetState());
        AssertSameState(plain.Generator.StateDict(), hooked.Generator.StateDict());
        AssertSameState(plain.Discriminator.StateDict(), hooked.Discriminator.StateDict());
        AssertSameState(plain.GeneratorOptimizer.StateDict(), hooked.GeneratorOptimizer.StateDict());
    }

    [Fact]
    public void Evaluation_restores_every_train_eval_flag_and_touches_no_buffer()
    {
        var generator = new Generator(new DcganOptions { HiddenDim = 4, LatentDim = 8 }, new TensorGenerator(1));
        var child = generator.NamedChildren().First().Module;
        child.Eval();
        var before = generator.StateDict();
        var first = SmallEvaluator.Value.Evaluate(generator);
        Assert.True(generator.Training);
        Assert.False(child.Training);
        AssertSameState(before, generator.StateDict());
        Assert.Equal(first.Distance, SmallEvaluator.Value.Evaluate(generator).Distance);
    }

    [Fact]
    public void Real_images_score_far_below_an_untrained_generator()
    {
        var real = SmallEvaluator.Value.Evaluate(DomainFixtures.FashionSlice(2000, 500));
        var untrained = SmallEvaluator.Value.Evaluate(new Generator(new DcganOptions { HiddenDim = 4, LatentDim = 8 }, new TensorGenerator(1)));
        Assert.Equal(500, real.SecondCount);
        Assert.Equal(200, untrained.SecondCount);
        Assert.True(real.Distance * 10 < untrained.Distance, $"real {real.Distance}, untrained {untrained.Distance}");
    }

    [Fact]
    public void Mismatched_dimensions_and_bad_options_are_rejected()
    {
        var classifier = new DomainClassifier(new DomainClassifierNetwork(2, 4, 3));
        var ex = Assert.Throws<ArgumentException>(() => new DomainFidEvaluator(classifier, new FeatureStatistics(5)));
        Assert.Contains("5 dimensions", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DomainFidEvaluator(classifier, new FeatureStatistics(4), new DomainFidOptions { SampleCount = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DomainFidOptions { BatchSize = 0 }.Validate());
        var colour = new Generator(new DcganOptions { HiddenDim = 2, LatentDim = 4, Channels = 3 });
        var evaluator = new DomainFidEvaluator(classifier, new FeatureStatistics(4));
        Assert.Throws<ArgumentException>(() => evaluator.Evaluate(colour));
    }

    private static void AssertSameState(OrderedDictionary<string, RawArray> expected, OrderedDictionary<string, RawArray> actual)
    {
        foreach (var (key, value) in expected)
        {
            Assert.True(value.Data.SequenceEqual(actual[key].Data), $"{key} differs");
        }
    }

    private sealed class RecordingLogger : IScalarLogger
    {
        public List<(string Tag, float Value, long Step)> Entries { get; } = [];

        public void LogScalar(string tag, float value, long step) => Entries.Add((tag, value, step));

        public void Flush()
        {
        }
    }
}
