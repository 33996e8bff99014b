using System.Text.Json;
using Dcgan.Net.Data;
using Dcgan.Net.Fid.Domain;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;
using Dcgan.Net.Tests.Data;

namespace Dcgan.Net.Tests.Fid.Domain;

/// <summary>
/// Fixtures of tools/make_domain_fixtures.py (Fixtures/Domain) and shared inputs of the domain tests: the PyTorch
/// twin's state and outputs, scipy's chi-square values, the committed Fashion-MNIST t10k split in [0, 1].
/// </summary>
internal static class DomainFixtures
{
    private static readonly Lazy<SafeTensorsFile> Torch = new(() => SafeTensorsFile.Read(Path.Combine(Folder, "classifier_torch.safetensors")));
    private static readonly Lazy<ImageDataset> T10k = new(() => MnistDataset.Load(DataFixtures.FashionFolder, train: false, imageSize: 32, range: PixelScale.ZeroToOne));
    private static readonly Lazy<DomainClassifier> Shipped = new(DomainClassifier.LoadFashionMnist);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Domain");

    public static SafeTensorsFile TorchFile => Torch.Value;

    /// <summary>The committed t10k split as 1x32x32 images in [0, 1] with labels.</summary>
    public static ImageDataset FashionTest => T10k.Value;

    /// <summary>The shipped classifier, loaded once (tests only read it).</summary>
    public static DomainClassifier FashionClassifier => Shipped.Value;

    public static JsonElement ChiSquareCases { get; } =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "chisquare.json"))).RootElement.GetProperty("cases");

    public static Tensor Tensor(string name)
    {
        var raw = TorchFile.Tensors[name];
        return Dcgan.Net.Tensors.Tensor.FromArray(raw.ToSingleArray(), raw.Shape.Select(d => (int)d).ToArray());
    }

    public static int[] Ints(string name) => TorchFile.Tensors[name].ToDoubleArray().Select(v => (int)v).ToArray();

    /// <summary>The twin's state dict (entries "state/KEY" without the prefix).</summary>
    public static Dictionary<string, RawArray> TorchState() =>
        TorchFile.Tensors.Where(kv => kv.Key.StartsWith("state/", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value);

    /// <summary>A network (w 4, F 8, K 10) holding the twin's weights.</summary>
    public static DomainClassifierNetwork TorchNetwork()
    {
        var network = new DomainClassifierNetwork(4, 8, 10);
        network.LoadStateDict(TorchState());
        return network;
    }

    /// <summary>t10k images <paramref name="start"/> to start + count - 1 with their labels, 1x32x32 in [0, 1].</summary>
    public static ImageDataset FashionSlice(int start, int count)
    {
        var raw = DataFixtures.FashionT10k;
        var pixels = new byte[count * 28 * 28];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            raw.GetPixels(start + i).CopyTo(pixels.AsSpan(i * 28 * 28));
            labels[i] = raw.GetLabel(start + i);
        }

        return new ByteImageDataset(pixels, new ImageShape(1, 28, 28), labels)
            .WithTransforms(ImageTransform.Pad(2), ImageTransform.Normalize(PixelScale.ZeroToOne));
    }

    /// <summary>The first <paramref name="count"/> t10k images from <paramref name="start"/>, as [count, 1, 32, 32] in [0, 1].</summary>
    public static Tensor FashionImages(int start, int count)
    {
        var values = new float[count * 32 * 32];
        for (int i = 0; i < count; i++)
        {
            FashionTest.CopyImage(start + i, values.AsSpan(i * 32 * 32, 32 * 32));
        }

        return Dcgan.Net.Tensors.Tensor.Wrap(values, count, 1, 32, 32);
    }
}

/// <summary>Calls the action on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
