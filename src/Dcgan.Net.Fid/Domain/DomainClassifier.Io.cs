using System.Text.Json;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Fid.Domain;

public sealed partial class DomainClassifier
{
    /// <summary>Name of the shipped Fashion-MNIST weights inside this assembly.</summary>
    internal const string FashionMnistResource = "Dcgan.Net.Fid.Domain.fashion-mnist-classifier.safetensors";

    private const string ClassNamesKey = "class_names";
    private const string FormatKey = "format";
    private const string FormatValue = "dcgan-net-domain-classifier";

    /// <summary>
    /// The classifier trained on the 60,000 Fashion-MNIST training images that ships inside this package (no file or
    /// download needed); its accuracy on the 10,000 test images is stated in docs/domain-metrics.md. Retrain it with
    /// <c>samples/DomainMetrics train-classifier</c>.
    /// </summary>
    /// <returns>A new instance each call (the caller may change it).</returns>
    public static DomainClassifier LoadFashionMnist()
    {
        using var stream = typeof(DomainClassifier).Assembly.GetManifestResourceStream(FashionMnistResource)
            ?? throw new InvalidOperationException($"The assembly lacks its embedded resource {FashionMnistResource}.");
        return Load(stream, FashionMnistResource);
    }

    /// <summary>
    /// Saves the weights as safetensors with the PyTorch twin's state-dict keys (<c>features.0.weight</c>, ...;
    /// see <see cref="DomainClassifierNetwork"/>) and the class names in the metadata. The file is replaced atomically.
    /// </summary>
    /// <param name="path">Destination file.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var metadata = new Dictionary<string, string>
        {
            [FormatKey] = FormatValue,
            [ClassNamesKey] = JsonSerializer.Serialize(ClassNames),
        };
        SafeTensorsFile.Write(path, Network.StateDict(), metadata);
    }

    /// <summary>
    /// Loads weights saved by <see cref="Save"/> or by PyTorch (<c>safetensors.torch.save_file(model.state_dict(), path)</c>
    /// for the module in the remarks of <see cref="DomainClassifierNetwork"/>). The width, feature length and class count
    /// are read from the tensor shapes; class names from the metadata when present.
    /// </summary>
    /// <param name="path">A safetensors file.</param>
    /// <returns>The classifier, in evaluation mode.</returns>
    /// <exception cref="InvalidDataException">The file is malformed or does not hold this network (names the key).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DomainClassifier Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(stream, path);
    }

    /// <summary>Loads weights from a safetensors stream; see <see cref="Load(string)"/>.</summary>
    /// <param name="stream">A readable stream positioned at the file's start.</param>
    /// <returns>The classifier, in evaluation mode.</returns>
    /// <exception cref="InvalidDataException">The content is malformed or does not hold this network.</exception>
    public static DomainClassifier Load(Stream stream) => Load(stream, "the stream");

    private static DomainClassifier Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var file = SafeTensorsFile.Read(stream);
        long[] first = Shape(file, "features.0.weight", 4, source);
        long[] embed = Shape(file, "embed.0.weight", 2, source);
        long[] head = Shape(file, "head.weight", 2, source);
        int width = (int)first[0];
        if (first[1] != 1 || embed[1] != 8L * width || head[1] != embed[0] || head[0] < 2)
        {
            throw new InvalidDataException(
                $"{source}: the shapes features.0.weight [{string.Join(", ", first)}], embed.0.weight [{string.Join(", ", embed)}] and " +
                $"head.weight [{string.Join(", ", head)}] do not fit together as a domain classifier (expected [w, 1, 3, 3], [F, 8w], [K, F]).");
        }

        var network = new DomainClassifierNetwork(width, (int)embed[0], (int)head[0]);
        try
        {
            network.LoadStateDict(file.Tensors);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source} does not hold a domain classifier: {e.Message}", e);
        }

        return new DomainClassifier(network, ReadClassNames(file, network.ClassCount, source));
    }

    private static long[] Shape(SafeTensorsFile file, string key, int rank, string source)
    {
        if (!file.Tensors.TryGetValue(key, out var raw))
        {
            throw new InvalidDataException($"{source} does not hold a domain classifier: it has no tensor '{key}'.");
        }

        if (raw.Shape.Length != rank || raw.Shape.Any(d => d < 1 || d > 1 << 20))
        {
            throw new InvalidDataException($"{source}: '{key}' has shape [{string.Join(", ", raw.Shape)}], not a rank-{rank} weight.");
        }

        return [.. raw.Shape];
    }

    private static string[]? ReadClassNames(SafeTensorsFile file, int classCount, string source)
    {
        if (!file.Metadata.TryGetValue(ClassNamesKey, out var json))
        {
            return null;
        }

        string[]? names;
        try
        {
            names = JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: metadata '{ClassNamesKey}' is not a JSON array of strings: {e.Message}", e);
        }

        if (names is null || names.Length != classCount || names.Any(n => n is null))
        {
            throw new InvalidDataException($"{source}: metadata '{ClassNamesKey}' must list {classCount} names, one per class.");
        }

        return names;
    }
}
