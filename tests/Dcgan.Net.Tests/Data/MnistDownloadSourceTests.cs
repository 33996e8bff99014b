using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class MnistDownloadSourceTests
{
    [Fact]
    public void Mnist_TriesPytorchMirrorFirst_WithTorchvisionChecksums()
    {
        MnistDownloadSource mnist = MnistDownloadSource.Mnist;
        Assert.Equal("https://ossci-datasets.s3.amazonaws.com/mnist/", mnist.Mirrors[0].AbsoluteUri);
        Assert.Equal("http://yann.lecun.com/exdb/mnist/", mnist.Mirrors[1].AbsoluteUri);
        Assert.Equal("f68b3c2dcbeaaa9fbdd348bbdeb94873", mnist.Resources.Single(r => r.FileName == "train-images-idx3-ubyte.gz").Md5);
        Assert.Equal(4, mnist.Resources.Count);
    }

    [Fact]
    public void FashionMnist_UsesZalandoBucket()
    {
        MnistDownloadSource fashion = MnistDownloadSource.FashionMnist;
        Assert.Equal("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", Assert.Single(fashion.Mirrors).AbsoluteUri);
        Assert.Equal("bef4ecab320f06d8554ea6380940ec79", fashion.Resources.Single(r => r.FileName == "t10k-images-idx3-ubyte.gz").Md5);
    }

    [Fact]
    public void WithMirrors_AddsTrailingSlashAndKeepsFiles()
    {
        MnistDownloadSource local = MnistDownloadSource.Mnist.WithMirrors(new Uri("http://mirror.local/data/mnist"));
        Assert.Equal("http://mirror.local/data/mnist/", local.Mirrors[0].AbsoluteUri);
        Assert.Equal(MnistDownloadSource.Mnist.Resources, local.Resources);
        Assert.Equal("mnist", local.Name);
    }

    [Fact]
    public void Constructor_RejectsBadMirrorsAndNames()
    {
        DownloadResource[] files = [new("a.gz", new string('0', 32))];
        Assert.Throws<ArgumentException>(() => new MnistDownloadSource("x", [], files));
        Assert.Throws<ArgumentException>(() => new MnistDownloadSource("x", [new Uri("ftp://host/")], files));
        Assert.Throws<ArgumentException>(() => new MnistDownloadSource("a/b", [new Uri("http://host/")], files));
        Assert.Throws<ArgumentException>(() => new MnistDownloadSource("x", [new Uri("http://host/")], []));
    }
}
