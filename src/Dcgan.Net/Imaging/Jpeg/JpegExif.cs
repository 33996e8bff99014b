using System.Buffers.Binary;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// The EXIF orientation tag (0x0112 in IFD0 of the TIFF structure inside APP1 "Exif") and the
/// rotation or flip that displays the stored pixels upright. Malformed EXIF data is ignored
/// (orientation 1): it is metadata, and the pixels decode without it.
/// </summary>
internal static class JpegExif
{
    private const int OrientationTag = 0x0112;

    /// <summary>Orientation 1..8 from a TIFF structure; 1 when the tag is absent, out of range or unreadable.</summary>
    public static int ReadOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return 1;
        }

        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
        {
            little = true;
        }
        else if (tiff[0] == 'M' && tiff[1] == 'M')
        {
            little = false;
        }
        else
        {
            return 1;
        }

        if (U16(tiff[2..], little) != 42)
        {
            return 1;
        }

        uint ifd = U32(tiff[4..], little);
        if (ifd > (uint)tiff.Length - 2)
        {
            return 1;
        }

        int count = U16(tiff[(int)ifd..], little);
        for (int i = 0; i < count; i++)
        {
            int entry = (int)ifd + 2 + 12 * i;
            if (entry + 12 > tiff.Length)
            {
                return 1;
            }

            if (U16(tiff[entry..], little) == OrientationTag)
            {
                int type = U16(tiff[(entry + 2)..], little);
                int value = type == 3 ? U16(tiff[(entry + 8)..], little) : 0;
                return value is >= 1 and <= 8 ? value : 1;
            }
        }

        return 1;
    }

    /// <summary>
    /// Returns <paramref name="image"/> turned upright for EXIF <paramref name="orientation"/>:
    /// 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise, 7 transverse, 8 rotate 90 anticlockwise.
    /// </summary>
    public static Image Orient(Image image, int orientation)
    {
        int w = image.Width;
        int h = image.Height;
        int ch = image.Channels;
        bool swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        byte[] src = image.Data;
        byte[] dst = GC.AllocateUninitializedArray<byte>(src.Length);
        for (int oy = 0; oy < outH; oy++)
        {
            for (int ox = 0; ox < outW; ox++)
            {
                (int sx, int sy) = orientation switch
                {
                    2 => (w - 1 - ox, oy),
                    3 => (w - 1 - ox, h - 1 - oy),
                    4 => (ox, h - 1 - oy),
                    5 => (oy, ox),
                    6 => (oy, h - 1 - ox),
                    7 => (w - 1 - oy, h - 1 - ox),
                    8 => (w - 1 - oy, ox),
                    _ => (ox, oy),
                };
                src.AsSpan((sy * w + sx) * ch, ch).CopyTo(dst.AsSpan((oy * outW + ox) * ch, ch));
            }
        }

        return new Image(outW, outH, ch, dst);
    }

    private static int U16(ReadOnlySpan<byte> s, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);

    private static uint U32(ReadOnlySpan<byte> s, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
}
