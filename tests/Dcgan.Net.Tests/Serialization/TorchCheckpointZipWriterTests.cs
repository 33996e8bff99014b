using System.IO.Compression;
using System.Text;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Serialization;

public sealed class TorchCheckpointZipWriterTests
{
    [Fact]
    public void Records_AreStoredReadableByZipArchiveAndAlignedTo64Bytes()
    {
        using var stream = new MemoryStream();
        var writer = new TorchCheckpointZipWriter(stream);
        byte[][] payloads = [[1, 2, 3], new byte[100], Encoding.ASCII.GetBytes("x")];
        string[] names = ["archive/data.pkl", "archive/data/0", "archive/a-much-longer-record-name"];
        for (int i = 0; i < names.Length; i++)
        {
            writer.AddRecord(names[i], payloads[i]);
        }

        writer.Finish();
        byte[] bytes = stream.ToArray();

        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal(names, zip.Entries.Select(e => e.FullName));
        for (int i = 0; i < names.Length; i++)
        {
            ZipArchiveEntry entry = zip.Entries[i];
            Assert.Equal(entry.Length, entry.CompressedLength);
            using var content = new MemoryStream();
            entry.Open().CopyTo(content);
            Assert.Equal(payloads[i], content.ToArray());

            // The payload follows the local header, whose name and extra-field lengths sit at bytes 26-29.
            int header = IndexOfLocalHeader(bytes, i);
            int dataStart = header + 30 + BitConverter.ToUInt16(bytes, header + 26) + BitConverter.ToUInt16(bytes, header + 28);
            Assert.Equal(0, dataStart % 64);
            Assert.Equal(payloads[i], bytes[dataStart..(dataStart + payloads[i].Length)]);
        }
    }

    private static int IndexOfLocalHeader(byte[] bytes, int ordinal)
    {
        int found = -1;
        for (int i = 0; i + 4 <= bytes.Length; i++)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 3 && bytes[i + 3] == 4 && ++found == ordinal)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Local header {ordinal} not found.");
    }
}
