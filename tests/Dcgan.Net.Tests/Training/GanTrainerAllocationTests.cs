using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Kernels;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

/// <summary>
/// Issue 3's memory target for <see cref="GanTrainer.Step(Tensor)"/>: in steady state a step of the default DCGAN
/// (latent 16, hidden 16, batch 64) on two threads allocates well under 1 MB, counted over every thread of the
/// process. Serial collection, so no other test allocates meanwhile.
/// </summary>
[Collection(EngineThreadsCollection.Name)]
public class GanTrainerAllocationTests
{
    [Fact]
    public void Steady_state_steps_allocate_under_1_MB_each_on_every_thread_together()
    {
        var options = new DcganOptions { LatentDim = 16, HiddenDim = 16 };
        var trainer = new GanTrainer(new Generator(options, new TensorGenerator(1)), new Discriminator(options, new TensorGenerator(2)));
        var real = Tensor.Rand(new TensorGenerator(3), 64, 1, 32, 32).MulScalar(2f).AddScalar(-1f);
        long perStep = 0;
        KernelTestData.WithThreads(2, () =>
        {
            for (int i = 0; i < 5; i++)
            {
                trainer.Step(real);
            }

            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 5; i++)
            {
                trainer.Step(real);
            }

            perStep = (GC.GetTotalAllocatedBytes(precise: true) - before) / 5;
        });

        Assert.True(perStep < 1 << 20, $"{perStep} bytes per step");
    }
}
