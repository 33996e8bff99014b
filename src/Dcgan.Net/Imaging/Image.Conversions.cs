using System.Buffers.Binary;

namespace Dcgan.Net.Imaging;

/// <content>Pixel-format conversions that follow PIL's <c>convert</c>.</content>
public sealed partial class Image
{
    /// <summary>
    /// Reduces 16-bit samples to 8 bits by keeping the high byte (what PIL does when it opens 16-bit RGB, RGBA
    /// and gray+alpha PNGs, and libpng's strip-16). PIL's conversion of 16-bit gray ("I;16"/"I") to "L" clips
    /// at 255 instead. Returns this instance when the image is already 8-bit.
    /// </summary>
    /// <returns>An 8-bit image with the same channels.</returns>
    public Image ToEightBit()
    {
        if (BitDepth == 8)
        {
            return this;
        }

        var result = new byte[Data.Length / 2];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Data[(2 * i) + 1];
        }

        return new Image(Width, Height, Channels, result, 8);
    }

    /// <summary>
    /// Converts to 3 channels as PIL's <c>convert("RGB")</c>: gray is replicated, alpha is dropped without
    /// compositing onto a background. The bit depth is kept. Returns this instance when already RGB.
    /// </summary>
    /// <returns>A 3-channel image.</returns>
    public Image ToRgb()
    {
        if (Channels == 3)
        {
            return this;
        }

        int sampleBytes = BitDepth / 8;
        int pixels = Width * Height;
        var result = new byte[pixels * 3 * sampleBytes];
        var source = Data.AsSpan();
        for (int p = 0; p < pixels; p++)
        {
            var src = source.Slice(p * Channels * sampleBytes, Channels * sampleBytes);
            var dst = result.AsSpan(p * 3 * sampleBytes, 3 * sampleBytes);
            if (Channels >= 3)
            {
                src[..(3 * sampleBytes)].CopyTo(dst);
            }
            else
            {
                for (int c = 0; c < 3; c++)
                {
                    src[..sampleBytes].CopyTo(dst[(c * sampleBytes)..]);
                }
            }
        }

        return new Image(Width, Height, 3, result, BitDepth);
    }

    /// <summary>
    /// Converts to 1 channel as PIL's <c>convert("L")</c>: alpha is dropped and RGB becomes
    /// L = (R * 19595 + G * 38470 + B * 7471 + 32768) >> 16, PIL's fixed-point form of
    /// R * 299/1000 + G * 587/1000 + B * 114/1000 (it differs from rounding the /1000 form for 9,040 of the
    /// 2^24 colors). 16-bit images use the same formula on 16-bit samples. Returns this instance when already gray.
    /// </summary>
    /// <returns>A 1-channel image with the same bit depth.</returns>
    public Image ToGrayscale()
    {
        if (Channels == 1)
        {
            return this;
        }

        int pixels = Width * Height;
        var result = new byte[pixels * BitDepth / 8];
        for (int p = 0; p < pixels; p++)
        {
            int first = p * Channels;
            uint value;
            if (Channels == 2)
            {
                value = SampleAt(first);
            }
            else
            {
                value = ((SampleAt(first) * 19595u) + (SampleAt(first + 1) * 38470u) + (SampleAt(first + 2) * 7471u) + 0x8000u) >> 16;
            }

            if (BitDepth == 8)
            {
                result[p] = (byte)value;
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(2 * p), (ushort)value);
            }
        }

        return new Image(Width, Height, 1, result, BitDepth);
    }

    /// <summary>Sample number <paramref name="index"/> (in samples, not bytes) as an integer.</summary>
    private uint SampleAt(int index) =>
        BitDepth == 8 ? Data[index] : BinaryPrimitives.ReadUInt16LittleEndian(Data.AsSpan(2 * index));
}
