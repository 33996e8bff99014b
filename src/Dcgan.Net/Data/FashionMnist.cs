namespace Dcgan.Net.Data;

/// <summary>
/// Finds Fashion-MNIST for the samples and tests with no configuration: the full training set when it is installed
/// or downloaded, else the test split committed in the repository.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The repository-relative folder holding the committed t10k split: "datasets/fashion-mnist".</summary>
    public const string RepositoryFolder = "datasets/fashion-mnist";

    /// <summary>The ten class names, by label: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// Finds Fashion-MNIST data. Search order: (1) <paramref name="path"/> when given (its training split, else its
    /// test split; no fallback when it holds neither); (2) the training set of Debian's package in
    /// <see cref="DebianFolder"/>; (3) the training set in the <see cref="MnistDownloader"/> cache
    /// (<c>MnistDownloader.DefaultFolder(MnistDownloadSource.FashionMnist)</c>); (4) the committed test split
    /// <see cref="RepositoryFolder"/>, looked for in the current directory and each of its parents, then in the
    /// application's base directory and each of its parents.
    /// </summary>
    /// <param name="path">A folder chosen by the user, or null to search.</param>
    /// <returns>The folder and split.</returns>
    /// <exception cref="FileNotFoundException">Nothing was found; the message lists the places searched.</exception>
    public static DataLocation LocateDefault(string? path = null) =>
        Locate(
            path,
            DebianFolder,
            MnistDownloader.DefaultFolder(MnistDownloadSource.FashionMnist),
            [Directory.GetCurrentDirectory(), AppContext.BaseDirectory]);

    /// <summary>Finds the data as <see cref="LocateDefault"/> does and loads it as <see cref="MnistDataset.Load"/> does.</summary>
    /// <param name="path">A folder chosen by the user, or null to search.</param>
    /// <param name="imageSize">Output size: 28, 32 (pad, default) or another size (bilinear resize).</param>
    /// <param name="range">Pixel range. Default <see cref="PixelScale.MinusOneToOne"/>.</param>
    /// <returns>The data set with labels.</returns>
    /// <exception cref="FileNotFoundException">Nothing was found.</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static ImageDataset LoadDefault(string? path = null, int imageSize = 32, PixelScale range = PixelScale.MinusOneToOne) =>
        LocateDefault(path).Load(imageSize, range);

    /// <summary><see cref="LocateDefault"/> with the searched places given, for tests.</summary>
    internal static DataLocation Locate(string? path, string debianFolder, string cacheFolder, IEnumerable<string> startDirectories)
    {
        if (path is not null)
        {
            if (HasSplit(path, train: true))
            {
                return new DataLocation(Path.GetFullPath(path), true, DataOrigin.GivenPath);
            }

            if (HasSplit(path, train: false))
            {
                return new DataLocation(Path.GetFullPath(path), false, DataOrigin.GivenPath);
            }

            throw new FileNotFoundException(
                $"'{Path.GetFullPath(path)}' holds neither {MnistDataset.TrainImagesName}[.gz] and {MnistDataset.TrainLabelsName}[.gz] " +
                $"nor {MnistDataset.TestImagesName}[.gz] and {MnistDataset.TestLabelsName}[.gz].",
                path);
        }

        if (HasSplit(debianFolder, train: true))
        {
            return new DataLocation(debianFolder, true, DataOrigin.DebianPackage);
        }

        if (HasSplit(cacheFolder, train: true))
        {
            return new DataLocation(cacheFolder, true, DataOrigin.DownloadCache);
        }

        var searched = new List<string>();
        foreach (string start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RepositoryFolder);
                searched.Add(candidate);
                if (HasSplit(candidate, train: false))
                {
                    return new DataLocation(candidate, false, DataOrigin.Repository);
                }
            }
        }

        throw new FileNotFoundException(
            $"No Fashion-MNIST data found. Looked for the training set in {debianFolder} (apt-get install dataset-fashion-mnist) " +
            $"and {cacheFolder} (MnistDownloader), and for the test split in: {string.Join(", ", searched.Distinct())}. " +
            "Pass a folder holding the IDX files.");
    }

    private static bool HasSplit(string folder, bool train) =>
        Directory.Exists(folder)
        && MnistDataset.FindFile(folder, train ? MnistDataset.TrainImagesName : MnistDataset.TestImagesName) is not null
        && MnistDataset.FindFile(folder, train ? MnistDataset.TrainLabelsName : MnistDataset.TestLabelsName) is not null;
}
