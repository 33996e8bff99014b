using System.Text;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Serialization;

public sealed partial class SafeTensorsFileTests
{
    private const string TwoTensors =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"I16\",\"shape\":[3],\"data_offsets\":[8,14]}}";

    private static InvalidDataException Rejects(byte[] file) => Assert.Throws<InvalidDataException>(() => ReadBytes(file));

    [Fact]
    public void Read_TruncatedAtEveryLength_ThrowsInvalidDataException()
    {
        byte[] file = File.ReadAllBytes(SerializationFixtures.PathOf("all_dtypes.safetensors"));

        for (int length = 0; length < file.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => ReadBytes(file[..length]));
        }
    }

    [Fact]
    public void Read_HeaderLengthAboveLimit_ThrowsBeforeAllocating()
    {
        byte[] file = Build("{}", [], declaredLength: ulong.MaxValue);
        byte[] limitPlusOne = Build("{}", [], declaredLength: SafeTensorsFile.MaxHeaderLength + 1);

        Assert.Contains("exceeds the limit", Rejects(file).Message, StringComparison.Ordinal);
        Assert.Contains("exceeds the limit", Rejects(limitPlusOne).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderLengthPastEndOfFile_Throws()
    {
        byte[] file = Build("{}", [], declaredLength: 50_000_000);

        Assert.Contains("runs past the end", Rejects(file).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", "not valid UTF-8 JSON")]
    [InlineData("[1,2]", "not an object")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},}", "not valid UTF-8 JSON")]
    [InlineData("{\"a\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", "unknown dtype 'Q7'")]
    [InlineData("{\"a\":{\"dtype\":\"U16\",\"shape\":[4],\"data_offsets\":[0,8]}}", "does not support")]
    [InlineData("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "no string 'dtype'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "non-negative integer")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", "non-negative integer")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,9]}}", "expected 2")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "needs 12 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "without gaps or overlaps")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "without gaps or overlaps")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "trailing or missing bytes")]
    [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,8]}}", "needs 0 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", "overflows")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "twice")]
    [InlineData("{\"__metadata__\":{\"k\":1},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "only strings")]
    [InlineData("{\"__metadata__\":[],\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "not an object")]
    [InlineData("{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}", "not valid UTF-8 JSON")]
    public void Read_MalformedHeader_ThrowsNamingTheProblem(string header, string expectedMessage)
    {
        InvalidDataException error = Rejects(Build(header, new byte[8]));

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OverlappingOffsets_ThrowsNamingTheTensor()
    {
        string header = TwoTensors.Replace("[8,14]", "[6,12]", StringComparison.Ordinal);

        InvalidDataException error = Rejects(Build(header, new byte[12]));

        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[6, 12]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrailingBytesAfterLastTensor_Throws()
    {
        Assert.Equal(2, ReadBytes(Build(TwoTensors, new byte[14])).Tensors.Count);

        Assert.Contains("trailing", Rejects(Build(TwoTensors, new byte[15])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8InHeader_Throws()
    {
        byte[] file = Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        file[10] = 0xFF;

        Assert.Contains("UTF-8", Rejects(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeClaimedTensorInSmallFile_ThrowsWithoutAllocating()
    {
        string header = "{\"a\":{\"dtype\":\"F64\",\"shape\":[1000000000000],\"data_offsets\":[0,8000000000000]}}";

        InvalidDataException error = Rejects(Build(header, new byte[8]));

        Assert.Contains("past the end of the 8-byte data buffer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyHeaderObject_IsAValidEmptyFile()
    {
        SafeTensorsFile read = ReadBytes(Encoding.ASCII.GetBytes("\x02\0\0\0\0\0\0\0{}"));

        Assert.Empty(read.Tensors);
    }
}
