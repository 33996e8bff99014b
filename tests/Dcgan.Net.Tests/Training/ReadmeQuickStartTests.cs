using Dcgan.Net.Data;
using Dcgan.Net.Models;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

public class ReadmeQuickStartTests
{
    [Fact]
    public void The_readme_quick_start_trains_on_the_bundled_data()
    {
        // The README's ten lines, with two steps and a small batch.
        var data = FashionMnist.LoadDefault();
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 0 });
        var g = new Generator(latentDim: 16, hiddenDim: 16);
        var d = new Discriminator(hiddenDim: 16);
        var trainer = new GanTrainer(g, d, new GanTrainerOptions { LearningRate = 2e-4, Beta1 = 0.5 });
        GanStepResult r = default;
        for (int step = 0; step < 2; step++)
        {
            r = trainer.Step(loader.Next().Images);
        }

        Assert.Equal(2, r.Step);
        Assert.True(float.IsFinite(r.DiscriminatorLoss) && float.IsFinite(r.GeneratorLoss));
        Assert.InRange(r.RealScore, 0f, 1f);
    }
}
