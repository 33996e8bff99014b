namespace Dcgan.Net.Data;

/// <summary>Where <see cref="FashionMnist.LocateDefault"/> found the data.</summary>
public enum DataOrigin
{
    /// <summary>The path the caller gave.</summary>
    GivenPath,

    /// <summary>Debian's <c>dataset-fashion-mnist</c> package (<c>/usr/share/datasets/fashion-mnist</c>): the 60,000-image training set.</summary>
    DebianPackage,

    /// <summary>The <see cref="MnistDownloader"/> cache folder: the 60,000-image training set.</summary>
    DownloadCache,

    /// <summary>The 10,000-image test split committed in the repository under <c>datasets/fashion-mnist</c>.</summary>
    Repository,
}
