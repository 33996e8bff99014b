using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public sealed class FashionMnistTests : IDisposable
{
    private readonly DataFixtures.TempFolder _temp = DataFixtures.NewTempFolder();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Locate_GivenPath_WinsAndPrefersTrainingSplit()
    {
        string both = FakeFolder("both", train: true, test: true);
        string testOnly = FakeFolder("test-only", train: false, test: true);
        string debian = FakeFolder("debian", train: true, test: false);

        DataLocation a = FashionMnist.Locate(both, debian, Missing, []);
        DataLocation b = FashionMnist.Locate(testOnly, debian, Missing, []);

        Assert.Equal((both, true, DataOrigin.GivenPath), (a.Folder, a.Train, a.Origin));
        Assert.Equal((testOnly, false, DataOrigin.GivenPath), (b.Folder, b.Train, b.Origin));
    }

    [Fact]
    public void Locate_GivenPathWithoutData_ThrowsInsteadOfFallingBack()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_temp.Path, "empty")).FullName;
        string debian = FakeFolder("debian", train: true, test: false);
        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.Locate(empty, debian, Missing, []));
        Assert.Contains(empty, ex.Message);
    }

    [Fact]
    public void Locate_DebianTrainingSetBeforeCacheBeforeRepository()
    {
        string debian = FakeFolder("debian", train: true, test: true);
        string cache = FakeFolder("cache", train: true, test: true);
        string start = RepositoryWithDatasets();

        Assert.Equal(DataOrigin.DebianPackage, FashionMnist.Locate(null, debian, cache, [start]).Origin);
        DataLocation fromCache = FashionMnist.Locate(null, Missing, cache, [start]);
        Assert.Equal((cache, true, DataOrigin.DownloadCache), (fromCache.Folder, fromCache.Train, fromCache.Origin));
        DataLocation fromRepo = FashionMnist.Locate(null, Missing, Missing, [start]);
        Assert.Equal(DataOrigin.Repository, fromRepo.Origin);
        Assert.False(fromRepo.Train);
        Assert.Equal(Path.Combine(_temp.Path, "repo", "datasets", "fashion-mnist"), fromRepo.Folder);
    }

    [Fact]
    public void Locate_DebianWithoutTrainingSet_IsSkipped()
    {
        string debianTestOnly = FakeFolder("debian", train: false, test: true);
        Assert.Equal(DataOrigin.Repository, FashionMnist.Locate(null, debianTestOnly, Missing, [RepositoryWithDatasets()]).Origin);
    }

    [Fact]
    public void Locate_Nothing_ThrowsListingThePlacesSearched()
    {
        string start = Directory.CreateDirectory(Path.Combine(_temp.Path, "nothing", "here")).FullName;
        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.Locate(null, Missing, Missing, [start]));
        Assert.Contains(Missing, ex.Message);
        Assert.Contains(Path.Combine(start, "datasets", "fashion-mnist"), ex.Message);
        Assert.Contains("dataset-fashion-mnist", ex.Message);
    }

    [Fact]
    public void LocateDefault_FindsRealData()
    {
        DataLocation location = FashionMnist.LocateDefault();
        Assert.NotEqual(DataOrigin.GivenPath, location.Origin);
        string name = location.Train ? MnistDataset.TrainImagesName : MnistDataset.TestImagesName;
        Assert.NotNull(MnistDataset.FindFile(location.Folder, name));
    }

    [Fact]
    public void LoadDefault_CommittedSplit_IsReadyForTraining()
    {
        ImageDataset data = FashionMnist.LoadDefault(DataFixtures.FashionFolder);
        Assert.Equal(10000, data.Count);
        Assert.Equal(new ImageShape(1, 32, 32), data.ImageShape);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[data.GetLabel(0)]);
    }

    private string Missing => Path.Combine(_temp.Path, "missing");

    private string FakeFolder(string name, bool train, bool test)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_temp.Path, name)).FullName;
        string fake = DataFixtures.FixturePath("fake-mnist");
        foreach (string file in Directory.GetFiles(fake))
        {
            bool isTrain = Path.GetFileName(file).StartsWith("train", StringComparison.Ordinal);
            if (isTrain ? train : test)
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }
        }

        return folder;
    }

    // A fake repository whose datasets/fashion-mnist holds a t10k split; returns a directory nested inside it.
    private string RepositoryWithDatasets()
    {
        string datasets = Path.Combine("repo", "datasets", "fashion-mnist");
        _ = FakeFolder(datasets, train: false, test: true);
        return Directory.CreateDirectory(Path.Combine(_temp.Path, "repo", "samples", "bin")).FullName;
    }
}
