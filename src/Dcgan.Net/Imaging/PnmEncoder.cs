using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Dcgan.Net.Imaging;

/// <summary>
/// Writes 1-channel images as PGM and 3-channel images as PPM, with maxval 255 (8-bit) or 65535 (16-bit),
/// in binary (P5/P6, the default) or plain ASCII (P2/P3) form.
/// </summary>
public static class PnmEncoder
{
    /// <summary>Encodes <paramref name="image"/> as a PGM (1 channel) or PPM (3 channels) file in memory.</summary>
    /// <param name="image">A gray or RGB image; use <see cref="Image.ToRgb"/> first to drop an alpha channel.</param>
    /// <param name="plain">True for the ASCII forms P2/P3; false (default) for binary P5/P6.</param>
    /// <returns>The complete file.</returns>
    /// <exception cref="ArgumentException">The image has 2 or 4 channels.</exception>
    public static byte[] Encode(Image image, bool plain = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels is not (1 or 3))
        {
            throw new ArgumentException(
                $"PGM/PPM hold 1 or 3 channels; the image has {image.Channels}. Convert with ToRgb() or ToGrayscale() first.", nameof(image));
        }

        char magic = (image.Channels, plain) switch { (1, true) => '2', (3, true) => '3', (1, false) => '5', _ => '6' };
        int maxval = image.BitDepth == 16 ? 65535 : 255;
        string header = string.Create(CultureInfo.InvariantCulture, $"P{magic}\n{image.Width} {image.Height}\n{maxval}\n");
        using var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes(header));
        int count = image.Width * image.Height * image.Channels;
        int perRow = image.Width * image.Channels;
        if (!plain && image.BitDepth == 8)
        {
            output.Write(image.Data);
        }
        else if (!plain)
        {
            Span<byte> word = stackalloc byte[2];
            for (int i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(word, Sample(image, i));
                output.Write(word);
            }
        }
        else
        {
            var text = new StringBuilder();
            for (int i = 0; i < count; i++)
            {
                text.Append(Sample(image, i).ToString(CultureInfo.InvariantCulture));
                text.Append((i + 1) % perRow == 0 ? '\n' : ' ');
            }

            output.Write(Encoding.ASCII.GetBytes(text.ToString()));
        }

        return output.ToArray();
    }

    /// <summary>Writes <paramref name="image"/> as a PGM/PPM file at <paramref name="path"/> (overwritten if present).</summary>
    /// <param name="image">A gray or RGB image.</param>
    /// <param name="path">Destination file path.</param>
    /// <param name="plain">True for the ASCII forms P2/P3; false (default) for binary P5/P6.</param>
    /// <exception cref="ArgumentException">The image has 2 or 4 channels.</exception>
    public static void Save(Image image, string path, bool plain = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, Encode(image, plain));
    }

    private static ushort Sample(Image image, int i) =>
        image.BitDepth == 16 ? BinaryPrimitives.ReadUInt16LittleEndian(image.Data.AsSpan(2 * i)) : image.Data[i];
}
