using Dcgan.Net.Fid.Features;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// pytorch-fid's Inception-v3 (the FID variant of the TensorFlow 2015-12-05 graph) on the CPU engine: the
/// feature extractor behind FID and KID numbers that match pytorch-fid. Load it from pytorch-fid's weight file
/// (<see cref="InceptionWeights"/>) with <see cref="Load"/>, then call <see cref="Extract(Tensor, Span{float})"/>.
/// </summary>
/// <remarks>
/// <para>Network (shared/specs/inception-fid.md): every BasicConv2d with its batch norm (eps 1e-3) folded in at
/// load time; the FID blocks' average pools exclude the padding and Mixed_7c's pool branch is a max pool. The
/// features are the spatial means of the output of the first max pool (64), the second max pool (192),
/// Mixed_6e (768) or Mixed_7c (2048, pytorch-fid's default "pool3"); only the layers up to the chosen level run.</para>
/// <para>Input: [N, C, H, W] pixels in [0, 1], any H and W. C = 3 is RGB; C = 1 (gray) is repeated to three
/// channels; C = 4 (RGBA) drops its alpha; C = 2 (gray + alpha) keeps its gray plane, repeated: the rules of
/// PIL's <c>convert("RGB")</c>, which is how pytorch-fid reads every image file. Each image is then resized to
/// 299 x 299 with torch's bilinear <c>F.interpolate(align_corners=False)</c> arithmetic (an identity at 299)
/// and mapped to [-1, 1] by 2x - 1.</para>
/// <para>Computation: float32, inference only (no autograd graph). Large batches are processed in sub-batches of
/// at most 16 images, one per worker thread (<see cref="EngineSettings.ThreadCount"/>), so memory stays
/// bounded (about 100 MB of scratch per worker, kept for the next call). Every image's features are computed by
/// the same arithmetic whatever the batch it comes in and the thread count: results are bit-identical for any
/// batch size and any <see cref="EngineSettings.ThreadCount"/> on a given machine and instruction set.
/// Instances are thread-safe.</para>
/// </remarks>
public sealed partial class InceptionV3 : IFeatureExtractor
{
    /// <summary>pytorch-fid's default feature length (its <c>--dims</c>): the 2048-d pool3 features.</summary>
    public const int DefaultDimensions = 2048;

    private readonly IReadOnlyDictionary<string, FoldedConv> _convs;
    private readonly InceptionNetwork _network;

    private InceptionV3(IReadOnlyDictionary<string, FoldedConv> convs, int dimensions)
    {
        _convs = convs;
        _network = new InceptionNetwork(convs, dimensions);
    }

    /// <summary>The feature lengths pytorch-fid offers: 64, 192, 768 and 2048.</summary>
    public static IReadOnlyList<int> SupportedDimensions => InceptionLayout.Levels;

    /// <inheritdoc/>
    public int Dimensions => _network.Dimensions;

    /// <summary>Most images one worker runs through the network at once (bounds the scratch memory).</summary>
    internal int MaxSubBatch { get; set; } = 16;

    /// <summary>
    /// Loads pytorch-fid's weights (<c>pt_inception-2015-12-05-6726825d.pth</c>, see <see cref="InceptionWeights"/>)
    /// or the same state dict re-saved: a PyTorch checkpoint in the zip format (torch 1.6 and later) or the legacy
    /// format, or a safetensors file, recognised by content.
    /// </summary>
    /// <param name="path">The weight file.</param>
    /// <param name="dimensions">Feature length: 64, 192, 768 or 2048 (default). Only the layers it needs are
    /// loaded, and keys of later layers may be absent from the file.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not a supported level.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed, or its keys or shapes are not pytorch-fid's
    /// (the message lists the missing, unexpected and mis-shaped keys).</exception>
    public static InceptionV3 Load(string path, int dimensions = DefaultDimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckDimensions(dimensions);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Inception weight file '{path}' does not exist. {InceptionWeights.HowToGet(Path.GetFullPath(path))}", path);
        }

        OrderedDictionary<string, RawArray> stateDict;
        try
        {
            stateDict = InceptionStateDict.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable weight file: {e.Message}", e);
        }

        string? problems = InceptionStateDict.Problems(stateDict, dimensions);
        if (problems is not null)
        {
            throw new InvalidDataException($"'{path}' does not hold pytorch-fid's Inception-v3 weights: {problems}.");
        }

        return new InceptionV3(InceptionStateDict.Fold(stateDict, dimensions), dimensions);
    }

    /// <summary>Builds the network from a state dict with pytorch-fid's key names (as <see cref="Load"/> reads them).</summary>
    /// <param name="stateDict">Tensors by name: <c>&lt;layer&gt;.conv.weight</c> and <c>&lt;layer&gt;.bn.{weight, bias,
    /// running_mean, running_var}</c> of each convolution; <c>*.num_batches_tracked</c> and <c>fc.*</c> are optional.</param>
    /// <param name="dimensions">Feature length: 64, 192, 768 or 2048 (default).</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not a supported level.</exception>
    /// <exception cref="ArgumentException">Keys are missing, unexpected or mis-shaped (all are listed), or a running
    /// variance is negative.</exception>
    public static InceptionV3 FromStateDict(IReadOnlyDictionary<string, RawArray> stateDict, int dimensions = DefaultDimensions)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        CheckDimensions(dimensions);
        string? problems = InceptionStateDict.Problems(stateDict, dimensions);
        if (problems is not null)
        {
            throw new ArgumentException($"The state dict is not pytorch-fid's Inception-v3: {problems}.", nameof(stateDict));
        }

        try
        {
            return new InceptionV3(InceptionStateDict.Fold(stateDict, dimensions), dimensions);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException(e.Message, nameof(stateDict), e);
        }
    }

    /// <summary>The same network (sharing its weights) giving features of another length.</summary>
    /// <param name="dimensions">64, 192, 768 or 2048; at most the length this instance was loaded for, unless it
    /// was loaded for 2048.</param>
    /// <returns>A network with <see cref="Dimensions"/> = <paramref name="dimensions"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not a supported level.</exception>
    /// <exception cref="ArgumentException">This instance did not load the layers that level needs.</exception>
    public InceptionV3 WithDimensions(int dimensions)
    {
        CheckDimensions(dimensions);
        var missing = InceptionLayout.ConvolutionsFor(dimensions).Where(s => !_convs.ContainsKey(s.Prefix)).Select(s => s.Prefix).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"This network was loaded for {Dimensions} features and lacks the layers {dimensions} features need " +
                $"({missing[0]} and {missing.Count - 1} more); load the weights again with dimensions: {dimensions}.",
                nameof(dimensions));
        }

        return new InceptionV3(_convs, dimensions) { MaxSubBatch = MaxSubBatch };
    }

    private static void CheckDimensions(int dimensions)
    {
        if (!InceptionLayout.Levels.Contains(dimensions))
        {
            throw new ArgumentOutOfRangeException(
                nameof(dimensions), dimensions, $"The Inception features have {string.Join(", ", InceptionLayout.Levels)} dimensions.");
        }
    }
}
