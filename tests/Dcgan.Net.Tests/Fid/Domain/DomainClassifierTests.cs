using Dcgan.Net.Data;
using Dcgan.Net.Fid.Domain;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;
using Dcgan.Net.Tests.Data;
using Dcgan.Net.Tests.Tensors;

namespace Dcgan.Net.Tests.Fid.Domain;

/// <summary>
/// The classifier's input convention (32x32 as is, 28x28 padded, other sizes resized to 28 and padded: compared with
/// the PyTorch twin on the same preprocessing), its errors, training on a small subset, save/load, and the shipped
/// Fashion-MNIST weights' accuracy on the committed t10k split.
/// </summary>
public sealed class DomainClassifierTests : IDisposable
{
    /// <summary>Accuracy of the shipped weights on t10k is 0.9233 (docs/domain-metrics.md); this leaves room for
    /// float rounding across CPUs, not for a worse network.</summary>
    private const double ShippedAccuracyFloor = 0.92;

    private readonly DataFixtures.TempFolder _temp = DataFixtures.NewTempFolder();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("eval32")]
    [InlineData("eval28")]
    [InlineData("eval40")]
    public void Features_and_probabilities_follow_the_input_convention(string name)
    {
        var classifier = new DomainClassifier(DomainFixtures.TorchNetwork());
        var x = DomainFixtures.Tensor($"{name}/x");
        var features = new float[x.Size(0) * classifier.Dimensions];
        classifier.Extract(x, features);
        TensorAssert.Close(DomainFixtures.Tensor($"{name}/features").ToArray(), features, TensorAssert.Default, $"{name} features");
        var expected = Functional.Softmax(DomainFixtures.Tensor($"{name}/logits"), 1);
        TensorAssert.Close(expected, classifier.PredictProbabilities(x), TensorAssert.Default, $"{name} probabilities");
        Assert.Equal(DomainFixtures.Tensor($"{name}/logits").ArgMax(1), classifier.Predict(x));
    }

    [Fact]
    public void Features_of_an_image_do_not_depend_on_its_batch()
    {
        var classifier = new DomainClassifier(DomainFixtures.TorchNetwork());
        var x = DomainFixtures.Tensor("eval32/x");
        var all = new float[5 * 8];
        var two = new float[2 * 8];
        classifier.Extract(x, all);
        classifier.Extract(x.Narrow(0, 0, 2), two);
        Assert.Equal(all.AsSpan(0, 16).ToArray(), two);
    }

    [Fact]
    public void Extract_rejects_wrong_channels_ranks_ranges_and_short_destinations()
    {
        var classifier = new DomainClassifier(new DomainClassifierNetwork(2, 4, 3));
        var buffer = new float[64];
        var colour = Assert.Throws<ArgumentException>(() => classifier.Extract(Tensor.Zeros(2, 3, 32, 32), buffer));
        Assert.Contains("[3, 32, 32]", colour.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => classifier.Extract(Tensor.Zeros(1, 32, 32), buffer));
        var range = Assert.Throws<ArgumentException>(() => classifier.Extract(Tensor.Full(-1f, 2, 1, 32, 32), buffer));
        Assert.Contains("range from -1 to -1", range.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => classifier.Extract(Tensor.Full(float.NaN, 2, 1, 32, 32), buffer));
        var shortBuffer = Assert.Throws<ArgumentException>(() => classifier.Extract(Tensor.Zeros(20, 1, 32, 32), buffer));
        Assert.Contains("20 images need 80", shortBuffer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_on_a_small_subset_learns_and_is_deterministic()
    {
        var train = DomainFixtures.FashionSlice(0, 1024);
        var options = new DomainClassifierOptions { Width = 8, FeatureDimensions = 32, Epochs = 2, BatchSize = 32, LearningRate = 5e-3, Seed = 5 };
        var reports = new List<DomainClassifierProgress>();
        var first = DomainClassifier.Train(train, options, new SyncProgress<DomainClassifierProgress>(reports.Add));
        var second = DomainClassifier.Train(train, options);

        Assert.Equal(2 * (1024 / 32), reports.Count);
        Assert.Equal(reports.Count, reports[^1].TotalSteps);
        Assert.True(reports[^8..].Average(r => r.Loss) < reports[..8].Average(r => r.Loss) * 0.7, "the loss should fall");
        double accuracy = first.Accuracy(DomainFixtures.FashionSlice(5000, 1000));
        // 0.545 here (chance is 0.1): enough to show learning; the full recipe reaches 0.92 on 60,000 images.
        Assert.True(accuracy > 0.45, $"held-out accuracy {accuracy} after 2 epochs on 1024 images");
        foreach (var (key, value) in first.Network.StateDict())
        {
            Assert.Equal(value.Data, second.Network.StateDict()[key].Data);
        }
    }

    [Fact]
    public void Training_rejects_data_it_cannot_learn_from()
    {
        var raw = DataFixtures.FashionT10k;
        var unlabelled = new ByteImageDataset(new byte[128 * 28 * 28], new ImageShape(1, 28, 28));
        Assert.Throws<ArgumentException>(() => DomainClassifier.Train(unlabelled));
        var bytes = Assert.Throws<ArgumentException>(() => DomainClassifier.Train(raw, new DomainClassifierOptions { Width = 2, Epochs = 1 }));
        Assert.Contains("PixelScale.ZeroToOne", bytes.Message, StringComparison.Ordinal);
        var labels = Assert.Throws<ArgumentException>(() => DomainClassifier.Train(DomainFixtures.FashionTest, new DomainClassifierOptions { Width = 2, ClassCount = 3 }));
        Assert.Contains("ClassCount", labels.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => DomainClassifier.Train(DomainFixtures.FashionTest, new DomainClassifierOptions { BatchSize = 1 }));
        Assert.Throws<ArgumentException>(() => DomainClassifier.Train(DomainFixtures.FashionTest, new DomainClassifierOptions { ClassNames = ["a"] }));
    }

    [Fact]
    public void Save_and_load_round_trip_weights_and_class_names()
    {
        var classifier = new DomainClassifier(DomainFixtures.TorchNetwork(), [.. "ABCDEFGHIJ".Select(c => c.ToString())]);
        string path = Path.Combine(_temp.Path, "c.safetensors");
        classifier.Save(path);
        var loaded = DomainClassifier.Load(path);
        Assert.Equal(classifier.ClassNames, loaded.ClassNames);
        Assert.Equal((4, 8, 10), (loaded.Network.Width, loaded.Dimensions, loaded.ClassCount));
        foreach (var (key, value) in classifier.Network.StateDict())
        {
            Assert.Equal(value.Data, loaded.Network.StateDict()[key].Data);
        }
    }

    [Fact]
    public void A_state_dict_written_for_the_torch_twin_loads_with_default_class_names()
    {
        string path = Path.Combine(_temp.Path, "torch.safetensors");
        SafeTensorsFile.Write(path, DomainFixtures.TorchState());
        var loaded = DomainClassifier.Load(path);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), loaded.ClassNames);
        var features = new float[5 * 8];
        loaded.Extract(DomainFixtures.Tensor("eval32/x"), features);
        TensorAssert.Close(DomainFixtures.Tensor("eval32/features").ToArray(), features, TensorAssert.Default, "features");
    }

    [Fact]
    public void Files_that_do_not_hold_a_classifier_are_rejected_naming_what_is_wrong()
    {
        var state = DomainFixtures.TorchState();
        string path = Path.Combine(_temp.Path, "bad.safetensors");
        SafeTensorsFile.Write(path, state.Where(kv => kv.Key != "head.weight"));
        Assert.Contains("'head.weight'", Assert.Throws<InvalidDataException>(() => DomainClassifier.Load(path)).Message, StringComparison.Ordinal);

        SafeTensorsFile.Write(path, state.Where(kv => kv.Key != "features.4.running_var"));
        Assert.Contains("features.4.running_var", Assert.Throws<InvalidDataException>(() => DomainClassifier.Load(path)).Message, StringComparison.Ordinal);

        var wide = new Dictionary<string, RawArray>(state) { ["embed.0.weight"] = RawArray.FromSingles(new float[8 * 16], [8, 16]) };
        SafeTensorsFile.Write(path, wide);
        Assert.Contains("do not fit together", Assert.Throws<InvalidDataException>(() => DomainClassifier.Load(path)).Message, StringComparison.Ordinal);

        SafeTensorsFile.Write(path, state, new Dictionary<string, string> { ["class_names"] = "[\"a\", \"b\"]" });
        Assert.Contains("10 names", Assert.Throws<InvalidDataException>(() => DomainClassifier.Load(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shipped_fashion_mnist_weights_classify_the_test_split()
    {
        var classifier = DomainFixtures.FashionClassifier;
        Assert.Equal(FashionMnist.ClassNames, classifier.ClassNames);
        Assert.Equal(128, classifier.Dimensions);
        double accuracy = classifier.Accuracy(DomainFixtures.FashionTest);
        Assert.True(accuracy >= ShippedAccuracyFloor, $"accuracy {accuracy:F4} on t10k, expected at least {ShippedAccuracyFloor}");
    }
}
