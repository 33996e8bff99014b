using Dcgan.Net.Fid;
using Dcgan.Net.Fid.CommandLine;

namespace Dcgan.Net.Tests.Fid.CommandLine;

public sealed class FidCommandLineOptionsTests
{
    [Fact]
    public void Defaults_ArePytorchFids()
    {
        var o = FidCommandLineOptions.Parse(["real", "fake"]);

        Assert.Equal(["real", "fake"], o.Paths);
        Assert.Equal(50, o.BatchSize);
        Assert.Equal(2048, o.Dimensions);
        Assert.Equal(FrechetMethod.PytorchFid, o.Method);
        Assert.Null(o.NumWorkers);
        Assert.Null(o.Weights);
        Assert.False(o.SaveStatistics || o.Download || o.Recursive || o.Kid || o.Help);
        Assert.Equal((100, 1000), (o.KidSubsets, o.KidSubsetSize));
    }

    [Fact]
    public void EveryOption_IsRead_InBothSpellings()
    {
        var o = FidCommandLineOptions.Parse(
        [
            "--dims", "768", "--batch-size=7", "a", "--device", "cpu", "--num-workers=3", "--weights", "w.safetensors",
            "--method", "symmetric", "--recursive", "--kid", "--kid-subsets", "4", "--kid-subset-size=9", "--", "-b",
        ]);

        Assert.Equal(["a", "-b"], o.Paths);
        Assert.Equal((768, 7, 3), (o.Dimensions, o.BatchSize, o.NumWorkers!.Value));
        Assert.Equal("w.safetensors", o.Weights);
        Assert.Equal(FrechetMethod.Symmetric, o.Method);
        Assert.True(o.Recursive && o.Kid);
        Assert.Equal((4, 9), (o.KidSubsets, o.KidSubsetSize));
        Assert.True(FidCommandLineOptions.Parse(["--save-stats", "in", "out.npz"]).SaveStatistics);
        Assert.True(FidCommandLineOptions.Parse(["--download", "a", "b"]).Download);
        Assert.Equal(FrechetMethod.PytorchFid, FidCommandLineOptions.Parse(["--method=pytorch-fid", "a", "b"]).Method);
    }

    [Fact]
    public void Help_NeedsNoPaths()
    {
        Assert.True(FidCommandLineOptions.Parse(["--help"]).Help);
        Assert.True(FidCommandLineOptions.Parse(["x", "-h", "--dims", "64"]).Help);
    }

    [Theory]
    [InlineData("Two paths are needed (path1 path2), got 1: a", "a")]
    [InlineData("Two paths are needed (path1 path2), got 3: a b c", "a", "b", "c")]
    [InlineData("--save-stats needs two paths (the images and the .npz to write), got 1.", "--save-stats", "a")]
    [InlineData("Unknown option '--batch'.", "--batch", "10", "a", "b")]
    [InlineData("--batch-size needs a value.", "a", "b", "--batch-size")]
    [InlineData("--batch-size takes an integer, got 'ten'.", "--batch-size", "ten", "a", "b")]
    [InlineData("--batch-size must be at least 1, got 0.", "--batch-size", "0", "a", "b")]
    [InlineData("--num-workers must be at least 0, got -1.", "--num-workers", "-1", "a", "b")]
    [InlineData("--dims must be one of 64, 192, 768, 2048, got '1000'.", "--dims", "1000", "a", "b")]
    [InlineData("--device cuda: this implementation runs on the CPU only", "--device", "cuda", "a", "b")]
    [InlineData("--method must be pytorch-fid or symmetric, got 'scipy'.", "--method", "scipy", "a", "b")]
    [InlineData("--recursive is a flag and takes no value (got 'yes').", "--recursive=yes", "a", "b")]
    [InlineData("--kid-subset-size must be at least 2, got 1.", "--kid-subset-size", "1", "a", "b")]
    [InlineData("--download fetches the weights into the cache folder", "--download", "--weights", "w.pth", "a", "b")]
    [InlineData("--kid compares two image sets", "--kid", "--save-stats", "a", "b.npz")]
    public void BadArguments_SayWhatIsWrong(string message, params string[] args) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => FidCommandLineOptions.Parse(args)).Message, StringComparison.Ordinal);
}
