namespace Dcgan.Net.Data;

/// <summary>Pads every side of each plane with a constant (see <see cref="ImageTransform.Pad"/>).</summary>
public sealed class PadTransform : ImageTransform
{
    internal PadTransform(int padding, float value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Padding = padding;
        Value = value;
    }

    /// <summary>Pixels added on each side.</summary>
    public int Padding { get; }

    /// <summary>The fill value.</summary>
    public float Value { get; }

    /// <inheritdoc />
    public override ImageShape GetOutputShape(ImageShape input) =>
        new(input.Channels, input.Height + (2 * Padding), input.Width + (2 * Padding));

    /// <inheritdoc />
    public override void Apply(ReadOnlySpan<float> source, ImageShape sourceShape, Span<float> destination)
    {
        int h = sourceShape.Height, w = sourceShape.Width, p = Padding;
        int ow = w + (2 * p), oh = h + (2 * p);
        destination[..(sourceShape.Channels * oh * ow)].Fill(Value);
        for (int c = 0; c < sourceShape.Channels; c++)
        {
            for (int y = 0; y < h; y++)
            {
                source.Slice(((c * h) + y) * w, w).CopyTo(destination.Slice((((c * oh) + y + p) * ow) + p, w));
            }
        }
    }
}
