namespace Dcgan.Net.Data;

/// <summary>
/// Loads MNIST-format data sets (MNIST, Fashion-MNIST, KMNIST: the same four IDX file names) from a folder.
/// </summary>
/// <remarks>
/// The folder is searched for the standard names, compressed (<c>.gz</c>) or not, in the folder itself, then in
/// <c>raw/</c>, <c>MNIST/raw/</c> and <c>FashionMNIST/raw/</c> below it (torchvision's layout), so a torchvision
/// root, a <see cref="MnistDownloader"/> cache folder and Debian's <c>/usr/share/datasets/fashion-mnist</c> all work.
/// </remarks>
public static class MnistDataset
{
    /// <summary>Training images: "train-images-idx3-ubyte" (60,000 images); also found with ".gz".</summary>
    public const string TrainImagesName = "train-images-idx3-ubyte";

    /// <summary>Training labels: "train-labels-idx1-ubyte".</summary>
    public const string TrainLabelsName = "train-labels-idx1-ubyte";

    /// <summary>Test images: "t10k-images-idx3-ubyte" (10,000 images).</summary>
    public const string TestImagesName = "t10k-images-idx3-ubyte";

    /// <summary>Test labels: "t10k-labels-idx1-ubyte".</summary>
    public const string TestLabelsName = "t10k-labels-idx1-ubyte";

    private static readonly string[] SubFolders = ["", "raw", Path.Combine("MNIST", "raw"), Path.Combine("FashionMNIST", "raw")];

    /// <summary>
    /// Loads a split ready for GAN training: 1 channel, <paramref name="imageSize"/> square, values in
    /// <paramref name="range"/>. The default (32, [-1, 1]) pads 28 to 32 with 2 black pixels per side and computes
    /// <c>x / 127.5f - 1f</c>, exactly as the PyTorch reference does.
    /// </summary>
    /// <param name="folder">Folder holding the IDX files (see the remarks on <see cref="MnistDataset"/>).</param>
    /// <param name="train">True for the training split (train-*), false for the test split (t10k-*). Default true.</param>
    /// <param name="imageSize">Output size: 28 keeps the images, 32 pads by 2 (default), any other size resizes
    /// bilinearly from 28 (<see cref="ImageTransform.Resize"/>).</param>
    /// <param name="range">Pixel range. Default <see cref="PixelScale.MinusOneToOne"/>.</param>
    /// <returns>The data set, [1, imageSize, imageSize] per image, with labels.</returns>
    /// <exception cref="FileNotFoundException">The folder does not hold the split's files.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or the image and label counts differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="imageSize"/> is below 1.</exception>
    public static ImageDataset Load(string folder, bool train = true, int imageSize = 32, PixelScale range = PixelScale.MinusOneToOne)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 1);
        return ImageTransform.Prepare(LoadRaw(folder, train), imageSize, range);
    }

    /// <summary>
    /// Loads the training and test splits concatenated (70,000 images for MNIST), prepared as <see cref="Load"/> does.
    /// </summary>
    /// <param name="folder">Folder holding all four IDX files.</param>
    /// <param name="imageSize">Output size, as for <see cref="Load"/>. Default 32.</param>
    /// <param name="range">Pixel range. Default <see cref="PixelScale.MinusOneToOne"/>.</param>
    /// <returns>Training images first, then test images.</returns>
    /// <exception cref="FileNotFoundException">A split's files are missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static ImageDataset LoadTrainAndTest(string folder, int imageSize = 32, PixelScale range = PixelScale.MinusOneToOne)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 1);
        var both = new ConcatDataset(LoadRaw(folder, train: true), LoadRaw(folder, train: false));
        return ImageTransform.Prepare(both, imageSize, range);
    }

    /// <summary>Loads a split as stored: [1, rows, cols] images with raw values 0-255, and labels.</summary>
    /// <param name="folder">Folder holding the IDX files.</param>
    /// <param name="train">True for the training split, false for the test split. Default true.</param>
    /// <returns>The raw data set.</returns>
    /// <exception cref="FileNotFoundException">The folder does not hold the split's files.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or the image and label counts differ.</exception>
    public static ByteImageDataset LoadRaw(string folder, bool train = true)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string imagesName = train ? TrainImagesName : TestImagesName;
        string labelsName = train ? TrainLabelsName : TestLabelsName;
        string imagesPath = FindFile(folder, imagesName)
            ?? throw new FileNotFoundException(MissingMessage(folder, imagesName), imagesName);
        string labelsPath = FindFile(Path.GetDirectoryName(imagesPath)!, labelsName) ?? FindFile(folder, labelsName)
            ?? throw new FileNotFoundException(MissingMessage(folder, labelsName), labelsName);
        return FromFiles(imagesPath, labelsPath);
    }

    /// <summary>Loads an image file and a label file of the same length (any names).</summary>
    /// <param name="imagesPath">IDX images (magic 0x00000803), raw or gzip.</param>
    /// <param name="labelsPath">IDX labels (magic 0x00000801), raw or gzip.</param>
    /// <returns>The raw data set, [1, rows, cols] per image, values 0-255.</returns>
    /// <exception cref="InvalidDataException">A file is malformed, or the counts differ.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static ByteImageDataset FromFiles(string imagesPath, string labelsPath)
    {
        IdxData images = IdxReader.ReadImages(imagesPath);
        IdxData labels = IdxReader.ReadLabels(labelsPath);
        if (images.Count != labels.Count)
        {
            throw new InvalidDataException($"{imagesPath} holds {images.Count} images but {labelsPath} holds {labels.Count} labels.");
        }

        if (images.Dimensions[1] == 0 || images.Dimensions[2] == 0)
        {
            throw new InvalidDataException($"{imagesPath}: images of {images.Dimensions[1]}x{images.Dimensions[2]} pixels are empty.");
        }

        var labelValues = new int[labels.Count];
        for (int i = 0; i < labelValues.Length; i++)
        {
            labelValues[i] = labels.Bytes[i];
        }

        return new ByteImageDataset(images.Bytes, new ImageShape(1, images.Dimensions[1], images.Dimensions[2]), labelValues);
    }

    /// <summary>
    /// Finds <paramref name="name"/> or <paramref name="name"/>.gz in <paramref name="folder"/> or its
    /// <c>raw/</c>, <c>MNIST/raw/</c>, <c>FashionMNIST/raw/</c> sub-folders; the uncompressed file wins when both exist.
    /// </summary>
    /// <param name="folder">Where to look.</param>
    /// <param name="name">A standard name without ".gz", e.g. <see cref="TrainImagesName"/>.</param>
    /// <returns>The full path, or null when not found.</returns>
    public static string? FindFile(string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(name);
        foreach (string sub in SubFolders)
        {
            string dir = Path.Combine(folder, sub);
            foreach (string candidate in (ReadOnlySpan<string>)[Path.Combine(dir, name), Path.Combine(dir, name + ".gz")])
            {
                if (File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        return null;
    }

    private static string MissingMessage(string folder, string name) =>
        $"No {name} or {name}.gz in '{Path.GetFullPath(folder)}' (also looked in raw/, MNIST/raw/ and FashionMNIST/raw/ below it). " +
        "Download the files with MnistDownloader, install Debian's dataset-fashion-mnist, or copy them there.";
}
