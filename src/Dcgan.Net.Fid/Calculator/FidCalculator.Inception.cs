using Dcgan.Net.Fid.Inception;

namespace Dcgan.Net.Fid;

/// <content>The calculator over pytorch-fid's Inception-v3, in one call.</content>
public sealed partial class FidCalculator
{
    /// <summary>
    /// A calculator over pytorch-fid's Inception-v3 (<see cref="InceptionV3.Load"/>): the FIDs that
    /// <c>python -m pytorch_fid</c> prints, and that papers report.
    /// </summary>
    /// <param name="path">The weight file: pytorch-fid's <c>pt_inception-2015-12-05-6726825d.pth</c>, or the same state
    /// dict saved as a zip or legacy .pth or as safetensors. Default null: <see cref="InceptionWeights.DefaultPath"/>, where
    /// <see cref="InceptionWeights.Download"/> caches it; nothing is downloaded here.</param>
    /// <param name="dimensions">Feature length (pytorch-fid's <c>--dims</c>): 64, 192, 768 or 2048 (default).</param>
    /// <param name="options">Batch size, Fréchet method, KID, progress; defaults from <see cref="FidCalculatorOptions"/>.</param>
    /// <returns>The calculator; its <see cref="Extractor"/> is the loaded <see cref="InceptionV3"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not 64, 192, 768 or 2048.</exception>
    /// <exception cref="FileNotFoundException">The weight file does not exist; the message gives the download URL, the
    /// SHA-256 and the path to put the file at.</exception>
    /// <exception cref="InvalidDataException">The file is not pytorch-fid's weights (the message lists the wrong keys).</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static FidCalculator FromPytorchFidWeights(
        string? path = null, int dimensions = InceptionV3.DefaultDimensions, FidCalculatorOptions? options = null) =>
        FromPytorchFidWeights(path, InceptionWeights.DefaultPath, dimensions, options);

    /// <summary><see cref="FromPytorchFidWeights(string?, int, FidCalculatorOptions?)"/> with the cache location given
    /// (tests point it at a temporary folder instead of the user's cache).</summary>
    internal static FidCalculator FromPytorchFidWeights(string? path, string cachedPath, int dimensions, FidCalculatorOptions? options)
    {
        if (!InceptionV3.SupportedDimensions.Contains(dimensions))
        {
            throw new ArgumentOutOfRangeException(
                nameof(dimensions), dimensions, $"The Inception features have {string.Join(", ", InceptionV3.SupportedDimensions)} dimensions.");
        }

        if (path is null && !File.Exists(cachedPath))
        {
            throw new FileNotFoundException(
                $"No weight file was given, and pytorch-fid's Inception weights are not in the cache at '{cachedPath}'. " +
                $"new InceptionWeights().Download() puts them there (once; it needs internet access). {InceptionWeights.HowToGet(cachedPath)}",
                cachedPath);
        }

        return new FidCalculator(InceptionV3.Load(path ?? cachedPath, dimensions), options);
    }
}
