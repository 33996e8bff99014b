namespace Dcgan.Net.Data;

/// <summary>Maps raw pixel values 0-255 to a <see cref="PixelScale"/> (see <see cref="ImageTransform.Normalize"/>).</summary>
public sealed class NormalizeTransform : ImageTransform
{
    internal NormalizeTransform(PixelScale range)
    {
        if (!Enum.IsDefined(range))
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "Unknown pixel range.");
        }

        Range = range;
    }

    /// <summary>The target range.</summary>
    public PixelScale Range { get; }

    /// <inheritdoc />
    public override ImageShape GetOutputShape(ImageShape input) => input;

    /// <inheritdoc />
    public override void Apply(ReadOnlySpan<float> source, ImageShape sourceShape, Span<float> destination)
    {
        int n = sourceShape.Size;
        Scale(source[..n], destination[..n], Range);
    }

    /// <summary>Maps raw 0-255 values to <paramref name="range"/>, element by element (in place when the spans coincide).</summary>
    internal static void Scale(ReadOnlySpan<float> source, Span<float> destination, PixelScale range)
    {
        switch (range)
        {
            case PixelScale.MinusOneToOne:
                // Two float32 roundings, divide then subtract, to match NumPy's float32 arithmetic bit for bit.
                for (int i = 0; i < source.Length; i++)
                {
                    destination[i] = (source[i] / 127.5f) - 1f;
                }

                break;
            case PixelScale.ZeroToOne:
                for (int i = 0; i < source.Length; i++)
                {
                    destination[i] = source[i] / 255f;
                }

                break;
            default:
                source.CopyTo(destination);
                break;
        }
    }
}
