using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Tensors.Nn;

namespace Dcgan.Net.Tests.Tensors;

/// <summary>Runs alone: it changes the process-wide <see cref="EngineSettings.ThreadCount"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineThreadCountCollection
{
    public const string Name = "Tensors.EngineThreadCount";
}

/// <summary>
/// A conv net forward and backward (the reference DCGAN step: convolutions, transposed convolutions, batch
/// norm, Adam) gives the same bits on one thread and on two.
/// </summary>
[Trait("Category", "Simd")]
[Collection(EngineThreadCountCollection.Name)]
public class ThreadCountDeterminismTests
{
    [Fact]
    public void Dcgan_step_is_bit_identical_on_one_and_two_threads()
    {
        int previous = EngineSettings.ThreadCount;
        try
        {
            var one = Run(1);
            var two = Run(2);

            Assert.Equal(one.Count, two.Count);
            foreach (var (name, value) in one)
            {
                TensorAssert.BitEqual(value, two[name], name);
            }
        }
        finally
        {
            EngineSettings.ThreadCount = previous;
        }
    }

    private static Dictionary<string, Tensor> Run(int threads)
    {
        EngineSettings.ThreadCount = threads;
        var (g, d, trainer) = DcganReferenceTests.Build();
        var r = trainer.Step(DcganReferenceTests.RealBatch(0), DcganReferenceTests.Noise(0));
        var result = new Dictionary<string, Tensor>
        {
            ["fake"] = r.Fake, ["out_real"] = r.OutReal, ["out_fake"] = r.OutFake, ["out_gen"] = r.OutGen,
        };
        foreach (var (name, grad) in r.DiscriminatorGrads)
        {
            result[$"gradient of D.{name}"] = grad;
        }

        foreach (var (name, grad) in r.GeneratorGrads)
        {
            result[$"gradient of G.{name}"] = grad;
        }

        foreach (var (name, p) in d.NamedParameters())
        {
            result[$"D.{name} after the step"] = p;
        }

        foreach (var (name, p) in g.NamedParameters())
        {
            result[$"G.{name} after the step"] = p;
        }

        return result;
    }
}
