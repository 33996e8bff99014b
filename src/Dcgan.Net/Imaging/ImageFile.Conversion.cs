using System.Text;

namespace Dcgan.Net.Imaging;

/// <content>PIL-compatible conversion and the descriptions of files that cannot be decoded.</content>
public static partial class ImageFile
{
    private const string Decodable = "PNG, JPEG, PGM/PPM (P2, P3, P5, P6) and NumPy .npy images";

    /// <summary>PIL's open + convert("L"/"RGB"): its 8-bit reduction depends on the mode PIL opens the file in.</summary>
    private static Image ConvertLikePil(Image image, ImageFileFormat format, int channels)
    {
        Image eightBit = image.BitDepth == 8 ? image
            : image.Channels == 1 ? MapSamples(image, v => (byte)Math.Min(v, 255))
            : format == ImageFileFormat.Pnm ? MapSamples(image, v => (byte)(((2 * v) + 257) / 514))
            : image.ToEightBit();
        return channels == 1 ? eightBit.ToGrayscale() : eightBit.ToRgb();
    }

    /// <summary>A 16-bit image mapped sample by sample to 8 bits: the clip of PIL's "I" modes, or round(v / 257).</summary>
    private static Image MapSamples(Image image, Func<int, byte> map)
    {
        var result = new byte[image.Data.Length / 2];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = map(image.Data[2 * i] | (image.Data[(2 * i) + 1] << 8));
        }

        return new Image(image.Width, image.Height, image.Channels, result, 8);
    }

    /// <summary>The message for data whose format is not decoded: what it looks like and what is supported.</summary>
    private static string DescribeUndecodable(ImageFileFormat format, ReadOnlySpan<byte> data)
    {
        string looksLike = format switch
        {
            ImageFileFormat.Bmp => "a BMP image",
            ImageFileFormat.Gif => "a GIF image",
            ImageFileFormat.Tiff => "a TIFF image",
            ImageFileFormat.WebP => "a WebP image",
            _ when data.Length == 0 => "empty (0 bytes)",
            _ when data.Length >= 2 && data[0] == (byte)'P' && data[1] is (byte)'1' or (byte)'4' => "a PBM bitmap (Netpbm P1/P4)",
            _ when data.Length >= 2 && data[0] == (byte)'P' && data[1] == (byte)'7' => "a PAM image (Netpbm P7)",
            _ when data.StartsWith("PK\x03\x04"u8) => "a ZIP archive (an .npz holds arrays, not one image: use ImageArray.Read)",
            _ => $"unknown data starting with {Preview(data)}",
        };
        bool convertible = format is not ImageFileFormat.Unknown;
        return $"the file is {looksLike}; {Decodable} can be decoded." +
            (convertible ? " Convert it first, e.g. with PIL: Image.open(path).save(path + \".png\")." : "");
    }

    /// <summary>The first bytes as hex and printable ASCII, for an error message.</summary>
    private static string Preview(ReadOnlySpan<byte> data)
    {
        var head = data[..Math.Min(data.Length, 8)];
        var text = new StringBuilder(head.Length);
        foreach (byte b in head)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return $"0x{Convert.ToHexString(head)} (\"{text}\")";
    }
}
