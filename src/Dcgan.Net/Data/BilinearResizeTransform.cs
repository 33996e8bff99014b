using Dcgan.Net.Imaging;

namespace Dcgan.Net.Data;

/// <summary>
/// Bilinear resize with PyTorch's <c>align_corners=False</c> convention and no antialiasing
/// (see <see cref="ImageTransform.Resize"/>), computed by
/// <see cref="ImageResize.Bilinear(ReadOnlySpan{float}, int, int, int, Span{float}, int, int)"/>, which follows
/// torch 1.13's arithmetic: output pixel o samples source coordinate <c>max((o + 0.5) * in / out - 0.5, 0)</c>,
/// clamped to the last row/column.
/// </summary>
public sealed class BilinearResizeTransform : ImageTransform
{
    internal BilinearResizeTransform(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
    }

    /// <summary>Output height.</summary>
    public int Height { get; }

    /// <summary>Output width.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public override ImageShape GetOutputShape(ImageShape input) => new(input.Channels, Height, Width);

    /// <inheritdoc />
    public override void Apply(ReadOnlySpan<float> source, ImageShape sourceShape, Span<float> destination) =>
        ImageResize.Bilinear(
            source[..sourceShape.Size], sourceShape.Channels, sourceShape.Height, sourceShape.Width,
            destination[..(sourceShape.Channels * Height * Width)], Height, Width);
}
