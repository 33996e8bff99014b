using System.Buffers.Binary;

namespace Dcgan.Net.Imaging;

/// <content>Conversions between interleaved samples and planar (CHW) float arrays.</content>
public sealed partial class Image
{
    /// <summary>Number of floats in the CHW planes of this image: Channels * Height * Width.</summary>
    public int PlaneLength => Channels * Height * Width;

    /// <summary>
    /// Returns the samples as float planes [C, H, W] (channel-major, as a PyTorch image tensor), each value
    /// computed in float32 as torchvision does: value / 255f (value / 65535f for 16-bit images), then for
    /// <see cref="PixelRange.MinusOneToOne"/> (x - 0.5f) / 0.5f.
    /// </summary>
    /// <param name="range">Target range. Default <see cref="PixelRange.ZeroToOne"/>.</param>
    /// <returns>A new array of <see cref="PlaneLength"/> floats, shape [C, H, W].</returns>
    public float[] ToChw(PixelRange range = PixelRange.ZeroToOne)
    {
        var planes = new float[PlaneLength];
        ToChw(planes, range);
        return planes;
    }

    /// <summary>Writes the samples as float planes [C, H, W] into <paramref name="destination"/>; see <see cref="ToChw(PixelRange)"/>.</summary>
    /// <param name="destination">At least <see cref="PlaneLength"/> floats; shape [C, H, W].</param>
    /// <param name="range">Target range.</param>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public void ToChw(Span<float> destination, PixelRange range = PixelRange.ZeroToOne)
    {
        int plane = Width * Height;
        if (destination.Length < PlaneLength)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} floats; [C, H, W] = [{Channels}, {Height}, {Width}] needs {PlaneLength}.", nameof(destination));
        }

        bool symmetric = CheckRange(range);
        if (BitDepth == 8)
        {
            BytesToPlanes(Data, Channels, plane, destination, symmetric);
            return;
        }

        for (int p = 0; p < plane; p++)
        {
            for (int c = 0; c < Channels; c++)
            {
                float x = BinaryPrimitives.ReadUInt16LittleEndian(Data.AsSpan(2 * ((p * Channels) + c))) / 65535f;
                destination[(c * plane) + p] = symmetric ? (x - 0.5f) / 0.5f : x;
            }
        }
    }

    /// <summary>
    /// Builds an 8-bit image from float planes [C, H, W] as torchvision's <c>save_image</c> does:
    /// for <see cref="PixelRange.MinusOneToOne"/> values are first clamped to [-1, 1] and mapped with
    /// (x + 1) / 2 (make_grid's <c>normalize=True, value_range=(-1, 1)</c>); then byte =
    /// truncate(clamp(x * 255 + 0.5, 0, 255)) in float32. NaN becomes 0.
    /// </summary>
    /// <param name="chw">Planes, shape [channels, height, width].</param>
    /// <param name="channels">1 gray, 2 gray+alpha, 3 RGB or 4 RGBA.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="range">Range of the input values. Default <see cref="PixelRange.ZeroToOne"/>.</param>
    /// <returns>A new 8-bit image.</returns>
    /// <exception cref="ArgumentException">A size is out of range or <paramref name="chw"/> has the wrong length.</exception>
    public static Image FromChw(ReadOnlySpan<float> chw, int channels, int height, int width, PixelRange range = PixelRange.ZeroToOne)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 to 4.");
        }

        long expected = (long)channels * height * width;
        if (chw.Length != expected)
        {
            throw new ArgumentException($"[C, H, W] = [{channels}, {height}, {width}] needs {expected} floats, got {chw.Length}.", nameof(chw));
        }

        var data = new byte[chw.Length];
        PlanesToBytes(chw, channels, height * width, data, CheckRange(range));
        return new Image(width, height, channels, data);
    }

    /// <summary>
    /// 8-bit interleaved samples [H*W, C] to float planes [C, H*W]: value / 255f, then (x - 0.5f) / 0.5f when
    /// <paramref name="symmetric"/> (torchvision's ToTensor and Normalize(0.5, 0.5)).
    /// </summary>
    internal static void BytesToPlanes(ReadOnlySpan<byte> interleaved, int channels, int plane, Span<float> destination, bool symmetric)
    {
        for (int p = 0; p < plane; p++)
        {
            for (int c = 0; c < channels; c++)
            {
                float x = interleaved[(p * channels) + c] / 255f;
                destination[(c * plane) + p] = symmetric ? (x - 0.5f) / 0.5f : x;
            }
        }
    }

    /// <summary>
    /// Float planes [C, H*W] to 8-bit interleaved samples [H*W, C] with save_image's rounding (see
    /// <see cref="FromChw"/>); <paramref name="symmetric"/> values are clamped to [-1, 1] and mapped with (x + 1) / 2 first.
    /// </summary>
    internal static void PlanesToBytes(ReadOnlySpan<float> planes, int channels, int plane, Span<byte> destination, bool symmetric)
    {
        for (int c = 0; c < channels; c++)
        {
            for (int p = 0; p < plane; p++)
            {
                float x = planes[(c * plane) + p];
                if (symmetric)
                {
                    x = (Math.Clamp(x, -1f, 1f) + 1f) / 2f;
                }

                destination[(p * channels) + c] = ToByte(x);
            }
        }
    }

    /// <summary>torchvision's save_image rounding: truncate(clamp(x * 255 + 0.5, 0, 255)), NaN to 0.</summary>
    internal static byte ToByte(float x)
    {
        float scaled = (x * 255f) + 0.5f;
        return scaled >= 0f ? (byte)Math.Min(scaled, 255f) : (byte)0;
    }

    /// <summary>True for [-1, 1], false for [0, 1]; throws for an unknown range.</summary>
    internal static bool CheckRange(PixelRange range) => range switch
    {
        PixelRange.ZeroToOne => false,
        PixelRange.MinusOneToOne => true,
        _ => throw new ArgumentOutOfRangeException(nameof(range), range, "Unknown pixel range."),
    };
}
