namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// Activations of a sub-batch in channel-major order, [Channels, Images, Height, Width], inside a larger buffer:
/// channel c of image b is the plane at <c>Offset + c * RowLength + b * Plane</c>. Channel-major means a channel is
/// one matrix row across all images, so a 1x1 convolution of the whole sub-batch is one matrix product, a
/// concatenation is a range of rows, and every (channel, image) plane is contiguous for pooling.
/// </summary>
internal readonly record struct Activation(float[] Buffer, int Offset, int Channels, int Images, int Height, int Width)
{
    /// <summary>Values per plane.</summary>
    public int Plane => Height * Width;

    /// <summary>Values per channel row (all images): the row stride of the matrix view.</summary>
    public int RowLength => Images * Plane;

    /// <summary>Values in all channels.</summary>
    public int Length => Channels * RowLength;

    /// <summary>The values, [Channels, Images * Plane].</summary>
    public Span<float> Span => Buffer.AsSpan(Offset, Length);

    /// <summary>Channels [first, first + count) as an activation of their own.</summary>
    public Activation Rows(int first, int count) => this with { Offset = Offset + (first * RowLength), Channels = count };

    /// <summary>An activation of <paramref name="channels"/> channels at another spatial size, at the start of <paramref name="buffer"/> plus <paramref name="rowsBefore"/> rows.</summary>
    public static Activation In(float[] buffer, int rowsBefore, int channels, int images, int height, int width) =>
        new(buffer, rowsBefore * images * height * width, channels, images, height, width);
}
