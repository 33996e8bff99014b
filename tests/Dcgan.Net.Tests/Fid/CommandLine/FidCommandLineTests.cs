using System.Globalization;
using System.Text.Json;
using Dcgan.Net.Fid;
using Dcgan.Net.Fid.CommandLine;
using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors.Serialization;
using Dcgan.Net.Tests.Data;
using Dcgan.Net.Tests.Fid.Inception;

namespace Dcgan.Net.Tests.Fid.CommandLine;

/// <summary>
/// The command line end to end, in process, on folders of a few PNGs. The network is the Inception with formula weights
/// (see <see cref="InceptionFixtures"/>): mostly torch's own checkpoint of the stem at 64 features, which costs
/// milliseconds per image; the full 2048-d network once, from a safetensors file written here. Each score is checked
/// against the library's own result for the same inputs, printed as pytorch-fid prints it.
/// </summary>
public sealed class FidCommandLineTests : IDisposable
{
    private static readonly string Stem = InceptionFixtures.PathOf("inception_stem_zip.pth");

    private readonly DataFixtures.TempFolder _temp = DataFixtures.NewTempFolder();
    private readonly string _real;
    private readonly string _fake;
    private readonly string _cachedWeights;

    public FidCommandLineTests()
    {
        _real = _temp.File("real");
        _fake = _temp.File("fake");
        FidTestImages.WriteFolder(_real, FidTestImages.Same(6, 32, 32), seed: 1);
        FidTestImages.WriteFolder(_fake, FidTestImages.Same(6, 32, 32), seed: 50, shift: 40);
        _cachedWeights = Path.Combine(_temp.File("cache"), InceptionWeights.FileName);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TwoFolders_PrintTheLibrarysScore_AsPytorchFidPrintsIt()
    {
        var run = Run("--dims", "64", "--weights", Stem, _real, _fake);

        double expected = Calculator(FrechetMethod.PytorchFid).Compute(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake)).Distance;
        Assert.Equal(0, run.Code);
        Assert.Equal($"FID:  {PythonFloat.Format(expected)}{Environment.NewLine}", run.Output);
        Assert.True(expected > 0);
        Assert.Contains($"{_real}: 6 images in 1 batches, shapes [3, 32, 32]", run.Error, StringComparison.Ordinal);
        Assert.Contains("6/6 images", run.Error, StringComparison.Ordinal);
        Assert.Contains("warning: The first statistics come from 6 samples, not more than the 64 feature dimensions", run.Error, StringComparison.Ordinal);
        Assert.Contains("Fréchet distance (pytorch-fid method, 64 dimensions)", run.Error, StringComparison.Ordinal);

        var symmetric = Run("--dims=64", "--weights", Stem, "--method", "symmetric", "--batch-size", "4", _real, _fake);
        double expectedSymmetric = Calculator(FrechetMethod.Symmetric).Compute(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake)).Distance;
        Assert.Equal($"FID:  {PythonFloat.Format(expectedSymmetric)}{Environment.NewLine}", symmetric.Output);
        Assert.Contains("6 images in 2 batches", symmetric.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_MatchesPytorchFidsPipeline_OnTheCommittedFolders()
    {
        // tools/make_fid_cli_fixtures.py: pytorch-fid's steps (PIL convert("RGB"), ToTensor, batches of 50, np.cov,
        // scipy's sqrtm) in torch 1.13 on 70 + 70 PNGs (one gray, one RGBA) with the formula stem at --dims 64.
        string folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Fid", "CommandLine");
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "pytorch_fid_64.json")));
        string pythonLine = document.RootElement.GetProperty("line").GetString()!;
        double python = double.Parse(pythonLine["FID:  ".Length..], CultureInfo.InvariantCulture);
        string real = Path.Combine(folder, "real"), fake = Path.Combine(folder, "fake"), pythonStats = Path.Combine(folder, "real_stats_64.npz");

        var folders = Run("--dims", "64", "--weights", Stem, real, fake);
        var withPythonStats = Run("--dims", "64", "--weights", Stem, pythonStats, fake);
        var save = Run("--dims", "64", "--weights", Stem, "--save-stats", real, _temp.File("ours.npz"));

        // Measured when this was written: the distance within 6e-8 relative, mu within 7e-8 and sigma within 2.3e-7 of
        // their largest entry (float32 features; torch sums in another order).
        Assert.Equal((0, 0, 0), (folders.Code, withPythonStats.Code, save.Code));
        Assert.Matches(@"^FID:  \d+\.\d+\r?\n$", folders.Output);
        Assert.Equal(python, double.Parse(folders.Output["FID:  ".Length..], CultureInfo.InvariantCulture), 1e-6 * python);
        Assert.Equal(python, double.Parse(withPythonStats.Output["FID:  ".Length..], CultureInfo.InvariantCulture), 1e-6 * python);
        Assert.Contains("image count not stored", withPythonStats.Error, StringComparison.Ordinal);
        var theirs = NpzFile.Read(pythonStats);
        var ours = NpzFile.Read(_temp.File("ours.npz"));
        FidAssert.AllClose(theirs["mu"].ToDoubleArray(), ours["mu"].ToDoubleArray(), 1e-6);
        FidAssert.AllClose(theirs["sigma"].ToDoubleArray(), ours["sigma"].ToDoubleArray(), 1e-5);
    }

    [Fact]
    public void SaveStats_WritesPytorchFidsNpz_AndAStatisticsSideScoresLikeItsFolder()
    {
        string stats = _temp.File("real_stats");
        var save = Run("--dims", "64", "--weights", Stem, "--save-stats", _real, stats);
        var folders = Run("--dims", "64", "--weights", Stem, _real, _fake);
        var fromFile = Run("--dims", "64", "--weights", Stem, stats + ".npz", _fake);

        Assert.Equal((0, string.Empty), (save.Code, save.Output));
        Assert.Contains($"Saving statistics for {_real}", save.Error, StringComparison.Ordinal);
        var saved = NpzFile.Read(stats + ".npz");
        var expected = Calculator(FrechetMethod.PytorchFid).ComputeStatistics(ImageSet.FromFolder(_real));
        Assert.Equal(["mu", "n", "sigma"], saved.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((DataType.Float64, DataType.Float64), (saved["mu"].DataType, saved["sigma"].DataType));
        Assert.Equal([64L, 64L], saved["sigma"].Shape);
        Assert.Equal(expected.GetMean(), saved["mu"].ToDoubleArray());
        Assert.Equal(expected.GetCovariance(), saved["sigma"].ToDoubleArray());
        Assert.Equal(6L, FeatureStatistics.Load(stats + ".npz").Count);
        Assert.Equal(0, fromFile.Code);
        double fromFileExpected = Calculator(FrechetMethod.PytorchFid).Compute(stats + ".npz", _fake).Distance;
        Assert.Equal($"FID:  {PythonFloat.Format(fromFileExpected)}{Environment.NewLine}", fromFile.Output);

        // Loading rescales the saved covariance to co-moments and back (one rounding per entry), which the singular
        // 6-sample covariances here amplify to ~1e-12 of the distance.
        double fromFolders = double.Parse(folders.Output["FID:  ".Length..], CultureInfo.InvariantCulture);
        Assert.Equal(fromFolders, fromFileExpected, 1e-9 * fromFolders);
        Assert.Contains("statistics, 64 dimensions, from 6 images", fromFile.Error, StringComparison.Ordinal);
        Assert.Equal([stats + ".npz"], Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void SaveStats_NeverReplacesAFile_AndChecksTheOutputBeforeAnyImage()
    {
        string existing = _temp.File("taken.npz");
        File.WriteAllBytes(existing, [1, 2, 3]);

        var taken = Run("--dims", "64", "--weights", Stem, "--save-stats", _real, existing);
        var noFolder = Run("--dims", "64", "--weights", Stem, "--save-stats", _real, _temp.File("missing/out.npz"));

        Assert.Equal(1, taken.Code);
        Assert.Contains($"'{existing}' already exists; --save-stats never replaces a file", taken.Error, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(existing));
        Assert.Equal(1, noFolder.Code);
        Assert.Contains("does not exist", noFolder.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("images/s", taken.Error + noFolder.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultLevel_Is2048_WithFormulaWeightsInSafetensors()
    {
        string weights = _temp.File("inception.safetensors");
        SafeTensorsFile.Write(weights, InceptionFixtures.StateDict.ToList());
        string small = _temp.File("small");
        FidTestImages.WriteFolder(small, [(32, 32), (28, 28), (32, 32)], seed: 9);

        var run = Run("--weights", weights, "--save-stats", small, _temp.File("small.npz"));

        Assert.Equal(0, run.Code);
        var saved = FeatureStatistics.Load(_temp.File("small.npz"));
        var expected = new FidCalculator(InceptionV3.FromStateDict(InceptionFixtures.StateDict)).ComputeStatistics(ImageSet.FromFolder(small));
        Assert.Equal(2048, saved.Dimensions);
        Assert.Equal(expected.GetMean(), saved.GetMean());
        Assert.Contains($"weights: {weights} (2048 features", run.Error, StringComparison.Ordinal);
        Assert.Contains("warning: 3 images, not more than the 2048 feature dimensions", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoStatisticsFiles_NeedNoWeights()
    {
        var calculator = Calculator(FrechetMethod.PytorchFid);
        calculator.ComputeStatistics(ImageSet.FromFolder(_real)).Save(_temp.File("a.npz"));
        calculator.ComputeStatistics(ImageSet.FromFolder(_fake)).Save(_temp.File("b.npz"));

        var run = Run(_temp.File("a.npz"), _temp.File("b.npz"));

        var expected = FrechetDistance.Compute(FeatureStatistics.Load(_temp.File("a.npz")), FeatureStatistics.Load(_temp.File("b.npz")), FrechetMethod.PytorchFid);
        Assert.Equal(0, run.Code);
        Assert.Equal($"FID:  {PythonFloat.Format(expected.Distance)}{Environment.NewLine}", run.Output);
        Assert.Contains("no image is read and no network is run", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_FromTheCache_OrAMessageThatSaysWhereToPutThem()
    {
        var missing = Run("--dims", "64", _real, _fake);
        var missingFile = Run("--dims", "64", "--weights", _temp.File("none.pth"), _real, _fake);
        Directory.CreateDirectory(Path.GetDirectoryName(_cachedWeights)!);
        File.Copy(Stem, _cachedWeights);
        var cached = Run("--dims", "64", _real, _fake);

        Assert.Equal((1, string.Empty), (missing.Code, missing.Output));
        foreach (string part in new[] { _cachedWeights, "--download", InceptionWeights.Url.ToString(), InceptionWeights.Sha256, "--weights PATH" })
        {
            Assert.Contains(part, missing.Error, StringComparison.Ordinal);
        }

        Assert.Equal(1, missingFile.Code);
        Assert.Contains($"The Inception weight file '{_temp.File("none.pth")}' does not exist", missingFile.Error, StringComparison.Ordinal);
        Assert.Equal(0, cached.Code);
        Assert.Equal(Run("--dims", "64", "--weights", Stem, _real, _fake).Output, cached.Output);
        Assert.Contains($"weights: {_cachedWeights} (64 features", cached.Error, StringComparison.Ordinal);
        AssertNoStackTrace(missing.Error + missingFile.Error);
    }

    [Fact]
    public void Kid_IsPrintedAfterTheFid_AndRefusedWhereItCannotBeComputed()
    {
        var run = Run("--dims", "64", "--weights", Stem, "--kid", "--kid-subsets", "3", "--kid-subset-size", "4", _real, _fake);

        var kidOptions = new KidOptions { SubsetCount = 3, SubsetSize = 4 };
        var expected = FidCalculator.FromPytorchFidWeights(Stem, 64, new FidCalculatorOptions { Method = FrechetMethod.PytorchFid, Kid = kidOptions })
            .Compute(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake));
        Assert.Equal(0, run.Code);
        string nl = Environment.NewLine;
        Assert.Equal(
            $"FID:  {PythonFloat.Format(expected.Distance)}{nl}KID:  {PythonFloat.Format(expected.Kid!.Mean)}{nl}KID std:  {PythonFloat.Format(expected.Kid.StandardDeviation)}{nl}",
            run.Output);
        Assert.Contains("KID over 3 subsets of 4", run.Error, StringComparison.Ordinal);

        Calculator(FrechetMethod.PytorchFid).ComputeStatistics(ImageSet.FromFolder(_fake)).Save(_temp.File("fake.npz"));
        var withStatistics = Run("--dims", "64", "--weights", Stem, "--kid", "--kid-subset-size", "4", _real, _temp.File("fake.npz"));
        var tooFew = Run("--dims", "64", "--weights", Stem, "--kid", "--kid-subset-size", "7", _real, _fake);
        Assert.Equal(2, withStatistics.Code);
        Assert.Contains("holds statistics, which keep no feature vectors", withStatistics.Error, StringComparison.Ordinal);
        Assert.Equal(2, tooFew.Code);
        Assert.Contains($"--kid draws subsets of 7 images from each set, but '{_real}' holds 6", tooFew.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageArrays_AndRecursiveFolders_AreSides()
    {
        var images = Directory.GetFiles(_real).Order(StringComparer.Ordinal).Select(f => ImageFile.Load(f, 3)).ToList();
        ImageArray.FromImages(images).Save(_temp.File("real.npy"));
        string nested = _temp.File("nested");
        FidTestImages.WriteFolder(nested, FidTestImages.Same(2, 32, 32), seed: 1);
        FidTestImages.WriteFolder(Path.Combine(nested, "sub"), FidTestImages.Same(3, 32, 32), seed: 3);

        var array = Run("--dims", "64", "--weights", Stem, _temp.File("real.npy"), _fake);
        var flat = Run("--dims", "64", "--weights", Stem, nested, _fake);
        var recursive = Run("--dims", "64", "--weights", Stem, "--recursive", nested, _fake);

        Assert.Equal(Run("--dims", "64", "--weights", Stem, _real, _fake).Output, array.Output);
        Assert.Contains($"path1: array file '{_temp.File("real.npy")}'", array.Error, StringComparison.Ordinal);
        Assert.Contains($"path1: folder '{nested}' (2 files)", flat.Error, StringComparison.Ordinal);
        Assert.Contains($"path1: folder '{nested}' (5 files)", recursive.Error, StringComparison.Ordinal);
        Assert.NotEqual(flat.Output, recursive.Output);
    }

    [Fact]
    public void Failures_ExitWith1AndAMessage_UsageErrorsWith2_HelpWith0()
    {
        string empty = _temp.File("empty");
        Directory.CreateDirectory(empty);
        string single = _temp.File("single");
        FidTestImages.WriteFolder(single, [(8, 8)], seed: 4);
        var statistics8 = new FidCalculator(new ProjectionExtractor()).ComputeStatistics(ImageSet.FromFolder(_real));
        statistics8.Save(_temp.File("eight.npz"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var cases = new (string[] Args, int Code, string Message)[]
        {
            (["--weights", Stem, "--dims", "64", _temp.File("nothing"), _fake], 1, $"error: '{_temp.File("nothing")}' is neither a folder nor a file."),
            (["--weights", Stem, "--dims", "64", empty, _fake], 1, $"error: The folder '{empty}' holds no files ending in .bmp"),
            (["--weights", Stem, "--dims", "64", single, _fake], 1, "holds 1 image; a covariance needs at least 2"),
            (["--weights", Stem, "--dims", "64", _temp.File("eight.npz"), _fake], 1, "The statistics have 8 dimensions but the feature extractor gives 64"),
            ([], 2, "error: Two paths are needed (path1 path2), got 0."),
            (["--device", "cuda:0", _real, _fake], 2, "error: --device cuda:0: this implementation runs on the CPU only"),
        };
        foreach (var (args, code, message) in cases)
        {
            var run = Run(args);
            Assert.True(code == run.Code, $"{string.Join(" ", args)}: exit {run.Code}, expected {code}; {run.Error}");
            Assert.Contains(message, run.Error, StringComparison.Ordinal);
            Assert.Equal(string.Empty, run.Output);
            AssertNoStackTrace(run.Error);
        }

        var stopped = Run(cancelled.Token, "--dims", "64", "--weights", Stem, _real, _fake);
        Assert.Equal(1, stopped.Code);
        Assert.Contains("error: cancelled.", stopped.Error, StringComparison.Ordinal);
        var help = Run("--help");
        Assert.Equal(0, help.Code);
        Assert.StartsWith("usage: FidScore [options] path1 path2", help.Output, StringComparison.Ordinal);
        Assert.Contains(_cachedWeights, help.Output, StringComparison.Ordinal);
        Assert.Equal(FidCommandLine.Usage().Replace(InceptionWeights.DefaultPath, _cachedWeights, StringComparison.Ordinal), help.Output);
    }

    private static FidCalculator Calculator(FrechetMethod method) =>
        FidCalculator.FromPytorchFidWeights(Stem, 64, new FidCalculatorOptions { Method = method });

    private static void AssertNoStackTrace(string error) => Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

    private (int Code, string Output, string Error) Run(params string[] args) => Run(CancellationToken.None, args);

    private (int Code, string Output, string Error) Run(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = FidCommandLine.Run(args, output, error, liveProgress: false, _cachedWeights, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
