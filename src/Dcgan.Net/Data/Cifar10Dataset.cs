namespace Dcgan.Net.Data;

/// <summary>Loads CIFAR-10 (binary version) ready for training: [3, 32, 32] images with labels.</summary>
public static class Cifar10Dataset
{
    /// <summary>The ten class names, by label (from <c>batches.meta.txt</c>): airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Loads a split from the extracted folder, <c>cifar-10-binary.tar.gz</c> or one batch file.</summary>
    /// <param name="path">See <see cref="CifarReader.Read"/>.</param>
    /// <param name="train">True for the 50,000 training images (default), false for the 10,000 test images.</param>
    /// <param name="imageSize">Output size: 32 keeps the images (default); another size resizes bilinearly.</param>
    /// <param name="range">Pixel range. Default <see cref="PixelScale.MinusOneToOne"/>.</param>
    /// <returns>The data set, [3, imageSize, imageSize] per image, with labels 0-9.</returns>
    /// <exception cref="FileNotFoundException">The path or a batch file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file or the archive is malformed.</exception>
    public static ImageDataset Load(string path, bool train = true, int imageSize = 32, PixelScale range = PixelScale.MinusOneToOne)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 1);
        return ImageTransform.Prepare(CifarReader.Read(path, train), imageSize, range);
    }
}
