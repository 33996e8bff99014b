using Dcgan.Net.Imaging;
using Dcgan.Net.Logging;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Logging;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

public class SampleGridWriterTests
{
    [Fact]
    public void Writes_the_eval_mode_grid_as_png_and_to_tensorboard()
    {
        using var temp = new TempDirectory();
        var g = new Generator(new DcganOptions { HiddenDim = 4, LatentDim = 8 }, new TensorGenerator(1));
        var noise = Tensor.Randn(new TensorGenerator(2), 10, 8, 1, 1);
        string path;
        using (var tensorBoard = new TensorBoardWriter(temp.Combine("run")))
        {
            path = new SampleGridWriter(temp.Combine("images"), tensorBoard).Write(g, noise, 1500);
        }

        Assert.Equal(temp.Combine("images", "fixed_noise_001500.png"), path);
        Assert.True(g.Training, "the generator is back in training mode");
        Assert.Empty(Directory.GetFiles(temp.Combine("images"), "*.tmp"));

        // torchvision's save_image(nrow=8, padding=2, normalize=True, value_range=(-1, 1)) layout: 2 rows of 8.
        var png = PngDecoder.DecodeFile(path);
        Assert.Equal((8 * 34) + 2, png.Width);
        Assert.Equal((2 * 34) + 2, png.Height);
        var expected = ImageGrid.Make(g.Generate(noise).ToArray(), 10, 1, 32, 32, SampleGridWriter.DefaultGridOptions);
        Assert.Equal(expected.Data, png.Data);

        var image = Assert.Single(EventFileReader.ReadRun(temp.Combine("run")), r => r.Kind == EventRecordKind.Image);
        Assert.Equal("samples/fixed_noise", image.Tag);
        Assert.Equal(1500, image.Step);
        Assert.Equal(File.ReadAllBytes(path), image.Image!.EncodedBytes);
    }

    [Fact]
    public void Prefix_and_tag_are_configurable_and_must_not_be_empty()
    {
        var writer = new SampleGridWriter("out", prefix: "game", tag: "samples/game");
        Assert.Equal(Path.Combine("out", "game_000007.png"), writer.PathFor(7));
        Assert.Throws<ArgumentException>(() => new SampleGridWriter("out", prefix: ""));
        Assert.Throws<ArgumentException>(() => new SampleGridWriter(""));
    }
}
