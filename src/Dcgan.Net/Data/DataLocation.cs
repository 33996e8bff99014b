namespace Dcgan.Net.Data;

/// <summary>A folder of MNIST-format files and the split to load from it (see <see cref="FashionMnist.LocateDefault"/>).</summary>
public sealed class DataLocation
{
    internal DataLocation(string folder, bool train, DataOrigin origin)
    {
        Folder = folder;
        Train = train;
        Origin = origin;
    }

    /// <summary>The folder holding the IDX files.</summary>
    public string Folder { get; }

    /// <summary>True when the folder holds the training split (train-*), false when only the test split (t10k-*).</summary>
    public bool Train { get; }

    /// <summary>Where the folder was found.</summary>
    public DataOrigin Origin { get; }

    /// <summary>Loads the split, prepared as <see cref="MnistDataset.Load"/> does.</summary>
    /// <param name="imageSize">Output size: 28, 32 (pad, default) or another size (bilinear resize).</param>
    /// <param name="range">Pixel range. Default <see cref="PixelScale.MinusOneToOne"/>.</param>
    /// <returns>The data set with labels.</returns>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public ImageDataset Load(int imageSize = 32, PixelScale range = PixelScale.MinusOneToOne) =>
        MnistDataset.Load(Folder, Train, imageSize, range);

    /// <summary>"folder (split, origin)".</summary>
    public override string ToString() => $"{Folder} ({(Train ? "train" : "t10k")} split, {Origin})";
}
