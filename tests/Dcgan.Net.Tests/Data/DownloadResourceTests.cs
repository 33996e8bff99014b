using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class DownloadResourceTests
{
    [Fact]
    public void Constructor_NormalisesChecksumToLowerCase()
    {
        var resource = new DownloadResource("t10k-labels-idx1-ubyte.gz", "EC29112DD5AFA0611CE80D1B7F02629C");
        Assert.Equal("ec29112dd5afa0611ce80d1b7f02629c", resource.Md5);
        Assert.Equal("t10k-labels-idx1-ubyte.gz (MD5 ec29112dd5afa0611ce80d1b7f02629c)", resource.ToString());
    }

    [Theory]
    [InlineData("a.gz", "123")]
    [InlineData("a.gz", "zz29112dd5afa0611ce80d1b7f02629c")]
    [InlineData("dir/a.gz", "ec29112dd5afa0611ce80d1b7f02629c")]
    [InlineData("..", "ec29112dd5afa0611ce80d1b7f02629c")]
    [InlineData("", "ec29112dd5afa0611ce80d1b7f02629c")]
    public void Constructor_RejectsBadNamesAndChecksums(string name, string md5)
    {
        Assert.ThrowsAny<ArgumentException>(() => new DownloadResource(name, md5));
    }
}
