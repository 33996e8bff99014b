namespace Dcgan.Net.Data;

/// <summary>
/// Where a data set in the MNIST format can be downloaded: mirror base URLs tried in order, and the files with their
/// checksums. <see cref="Mnist"/> and <see cref="FashionMnist"/> hold torchvision's mirrors and checksums.
/// </summary>
public sealed class MnistDownloadSource
{
    private readonly Uri[] _mirrors;
    private readonly DownloadResource[] _resources;

    /// <summary>Creates a source.</summary>
    /// <param name="name">Short name, also the cache sub-folder, e.g. "mnist".</param>
    /// <param name="mirrors">Absolute base URLs tried in order; a file's URL is the base + its name ("/" is added when missing).</param>
    /// <param name="resources">The files to fetch.</param>
    /// <exception cref="ArgumentException">The name is not a plain folder name, there are no mirrors or files, or a mirror is not an absolute http(s) URL.</exception>
    public MnistDownloadSource(string name, IEnumerable<Uri> mirrors, IEnumerable<DownloadResource> resources)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(mirrors);
        ArgumentNullException.ThrowIfNull(resources);
        if (name.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a plain folder name.", nameof(name));
        }

        _mirrors = [.. mirrors.Select(WithTrailingSlash)];
        _resources = [.. resources];
        if (_mirrors.Length == 0)
        {
            throw new ArgumentException("A download source needs at least one mirror.", nameof(mirrors));
        }

        if (_resources.Length == 0 || Array.Exists(_resources, r => r is null))
        {
            throw new ArgumentException("A download source needs at least one file and no null entries.", nameof(resources));
        }

        Name = name;
    }

    /// <summary>
    /// MNIST: mirrors <c>https://ossci-datasets.s3.amazonaws.com/mnist/</c> (PyTorch's copy) then
    /// <c>http://yann.lecun.com/exdb/mnist/</c>; torchvision's <c>MNIST.resources</c> checksums.
    /// </summary>
    public static MnistDownloadSource Mnist { get; } = new(
        "mnist",
        [new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"), new Uri("http://yann.lecun.com/exdb/mnist/")],
        [
            new("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            new("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
            new("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
            new("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
        ]);

    /// <summary>
    /// Fashion-MNIST: Zalando's bucket <c>http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/</c> (as
    /// torchvision uses); the checksums published by Zalando and torchvision.
    /// </summary>
    public static MnistDownloadSource FashionMnist { get; } = new(
        "fashion-mnist",
        [new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")],
        [
            new("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
            new("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
            new("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
        ]);

    /// <summary>Short name, used as the cache sub-folder.</summary>
    public string Name { get; }

    /// <summary>Mirror base URLs, tried in order (each ends with "/").</summary>
    public IReadOnlyList<Uri> Mirrors => _mirrors;

    /// <summary>The files to fetch.</summary>
    public IReadOnlyList<DownloadResource> Resources => _resources;

    /// <summary>The same files from other mirrors (e.g. a local or company mirror).</summary>
    /// <param name="mirrors">Base URLs tried in order.</param>
    /// <returns>A new source.</returns>
    public MnistDownloadSource WithMirrors(params Uri[] mirrors) => new(Name, mirrors, _resources);

    private static Uri WithTrailingSlash(Uri mirror)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        if (!mirror.IsAbsoluteUri || (mirror.Scheme != Uri.UriSchemeHttp && mirror.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Mirror '{mirror}' is not an absolute http(s) URL.", nameof(mirror));
        }

        return mirror.AbsolutePath.EndsWith('/') ? mirror : new Uri(mirror.AbsoluteUri + "/");
    }
}
