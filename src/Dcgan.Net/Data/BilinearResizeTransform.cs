namespace Dcgan.Net.Data;

/// <summary>
/// Bilinear resize with PyTorch's <c>align_corners=False</c> convention and no antialiasing
/// (see <see cref="ImageTransform.Resize"/>): output pixel o samples source coordinate
/// <c>max((o + 0.5) * in / out - 0.5, 0)</c>, clamped to the last row/column.
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
    public override void Apply(ReadOnlySpan<float> source, ImageShape sourceShape, Span<float> destination)
    {
        int ih = sourceShape.Height, iw = sourceShape.Width;
        Span<int> x0 = Width <= 256 ? stackalloc int[Width] : new int[Width];
        Span<int> x1 = Width <= 256 ? stackalloc int[Width] : new int[Width];
        Span<float> xl = Width <= 256 ? stackalloc float[Width] : new float[Width];
        for (int x = 0; x < Width; x++)
        {
            SourceIndex(x, iw, Width, out x0[x], out x1[x], out xl[x]);
        }

        for (int c = 0; c < sourceShape.Channels; c++)
        {
            ReadOnlySpan<float> plane = source.Slice(c * ih * iw, ih * iw);
            Span<float> output = destination.Slice(c * Height * Width, Height * Width);
            for (int y = 0; y < Height; y++)
            {
                SourceIndex(y, ih, Height, out int y0, out int y1, out float yl);
                ReadOnlySpan<float> row0 = plane.Slice(y0 * iw, iw);
                ReadOnlySpan<float> row1 = plane.Slice(y1 * iw, iw);
                Span<float> outRow = output.Slice(y * Width, Width);
                for (int x = 0; x < Width; x++)
                {
                    float l = xl[x];
                    float top = ((1f - l) * row0[x0[x]]) + (l * row0[x1[x]]);
                    float bottom = ((1f - l) * row1[x0[x]]) + (l * row1[x1[x]]);
                    outRow[x] = ((1f - yl) * top) + (yl * bottom);
                }
            }
        }
    }

    private static void SourceIndex(int o, int inSize, int outSize, out int i0, out int i1, out float lambda)
    {
        float scale = (float)inSize / outSize;
        float src = Math.Max((scale * (o + 0.5f)) - 0.5f, 0f);
        i0 = Math.Min((int)src, inSize - 1);
        i1 = Math.Min(i0 + 1, inSize - 1);
        lambda = src - i0;
    }
}
