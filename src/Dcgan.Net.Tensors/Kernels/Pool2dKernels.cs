using System.Buffers;
using System.Numerics.Tensors;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Max and average pooling over square windows on a stack of planes: input [planes, H, W], output
/// [planes, OH, OW] with PyTorch's geometry <c>OH = floor((H + 2 padding - kernel) / stride) + 1</c>
/// (ceil_mode=False) and padding at most kernel / 2. Max pooling never lets a padded position win (PyTorch's
/// <c>max_pool2d</c>); average pooling leaves padded positions out of the divisor (<c>count_include_pad=False</c>).
/// <para>
/// Blocking: each output row first reduces its window rows element-wise across the whole input width, into a
/// row padded with the reduction's identity (-inf or 0); then the window columns are reduced with shifted
/// vector operations along that row, and every stride-th value is kept. Planes are independent and each output
/// is computed the same way whatever the plane count, so results do not depend on how a caller batches planes.
/// Sums are float32 (rows first, then columns); <see cref="Pool2dReference"/> holds the plain definitions. The 3x3
/// windows of Inception-v3 (stride 1 padding 1, stride 2 no padding) go to <see cref="Pool3x3Kernels"/>, which does
/// the same arithmetic over whole planes.
/// </para>
/// </summary>
internal static class Pool2dKernels
{
    private const int StackRowLimit = 512;

    /// <summary>Output length of one axis, or 0 when the window does not fit.</summary>
    public static int OutputSize(int size, int kernel, int stride, int padding)
    {
        long span = size + (2L * padding) - kernel;
        return span < 0 || stride < 1 ? 0 : (int)((span / stride) + 1);
    }

    /// <summary>Maximum over each window; padded positions never win.</summary>
    /// <exception cref="ArgumentException">The geometry is invalid or a span does not match it.</exception>
    public static void MaxPool(ReadOnlySpan<float> input, Span<float> output, int planes, int height, int width, int kernel, int stride, int padding) =>
        Pool(input, output, new Window(planes, height, width, kernel, stride, padding), average: false);

    /// <summary>Mean over the in-bounds part of each window (count_include_pad=False).</summary>
    /// <exception cref="ArgumentException">The geometry is invalid or a span does not match it.</exception>
    public static void AvgPoolExcludePadding(
        ReadOnlySpan<float> input, Span<float> output, int planes, int height, int width, int kernel, int stride, int padding) =>
        Pool(input, output, new Window(planes, height, width, kernel, stride, padding), average: true);

    /// <summary>
    /// The row-by-row kernel for any geometry, without the 3x3 fast paths (<see cref="Pool3x3Kernels"/>): tests check
    /// that those give the same values.
    /// </summary>
    internal static void PoolByRows(
        ReadOnlySpan<float> input, Span<float> output, int planes, int height, int width, int kernel, int stride, int padding, bool average)
    {
        var w = new Window(planes, height, width, kernel, stride, padding);
        w.Validate(input.Length, output.Length);
        PoolByRows(input, output, w, average);
    }

    private static void Pool(ReadOnlySpan<float> input, Span<float> output, in Window w, bool average)
    {
        w.Validate(input.Length, output.Length);
        if (Pool3x3Kernels.Handles(w.Height, w.Width, w.Kernel, w.Stride, w.Padding))
        {
            if (w.Stride == 1)
            {
                Pool3x3Kernels.Same(input, output, w.Planes, w.Height, w.Width, average);
            }
            else
            {
                Pool3x3Kernels.Halve(input, output, w.Planes, w.Height, w.Width, average);
            }

            return;
        }

        PoolByRows(input, output, w, average);
    }

    private static void PoolByRows(ReadOnlySpan<float> input, Span<float> output, in Window w, bool average)
    {
        int padded = w.Width + (2 * w.Padding);
        float[]? rented = padded * 2 > StackRowLimit ? ArrayPool<float>.Shared.Rent(padded * 2) : null;
        Span<float> scratch = rented is null ? stackalloc float[StackRowLimit] : rented;
        Span<float> row = scratch[..padded];
        Span<float> columns = scratch.Slice(padded, padded);
        float identity = average ? 0f : float.NegativeInfinity;
        row[..w.Padding].Fill(identity);
        row[(w.Padding + w.Width)..].Fill(identity);
        int inPlane = w.Height * w.Width;
        int outPlane = w.OutHeight * w.OutWidth;
        for (int plane = 0; plane < w.Planes; plane++)
        {
            ReadOnlySpan<float> source = input.Slice(plane * inPlane, inPlane);
            Span<float> target = output.Slice(plane * outPlane, outPlane);
            for (int oy = 0; oy < w.OutHeight; oy++)
            {
                int y0 = Math.Max(0, (oy * w.Stride) - w.Padding);
                int y1 = Math.Min(w.Height, (oy * w.Stride) - w.Padding + w.Kernel);
                Span<float> interior = row.Slice(w.Padding, w.Width);
                source.Slice(y0 * w.Width, w.Width).CopyTo(interior);
                for (int y = y0 + 1; y < y1; y++)
                {
                    ReadOnlySpan<float> next = source.Slice(y * w.Width, w.Width);
                    if (average)
                    {
                        TensorPrimitives.Add(interior, next, interior);
                    }
                    else
                    {
                        TensorPrimitives.Max(interior, next, interior);
                    }
                }

                Span<float> outRow = target.Slice(oy * w.OutWidth, w.OutWidth);
                ReduceColumns(row, columns, outRow, w, average);
                if (average)
                {
                    DivideByCounts(outRow, y1 - y0, w);
                }
            }
        }

        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>outRow[ox] = reduction of row[ox * stride + d] over d &lt; kernel.</summary>
    private static void ReduceColumns(ReadOnlySpan<float> row, Span<float> columns, Span<float> outRow, in Window w, bool average)
    {
        // At stride 1 the window reduction lands in the output directly; otherwise in every position of the
        // scratch, of which each stride-th is kept.
        int length = ((w.OutWidth - 1) * w.Stride) + 1;
        Span<float> reduced = w.Stride == 1 ? outRow : columns[..length];
        row[..length].CopyTo(reduced);
        for (int d = 1; d < w.Kernel; d++)
        {
            if (average)
            {
                TensorPrimitives.Add(reduced, row.Slice(d, length), reduced);
            }
            else
            {
                TensorPrimitives.Max(reduced, row.Slice(d, length), reduced);
            }
        }

        if (w.Stride > 1)
        {
            for (int ox = 0; ox < w.OutWidth; ox++)
            {
                outRow[ox] = reduced[ox * w.Stride];
            }
        }
    }

    private static void DivideByCounts(Span<float> outRow, int rows, in Window w)
    {
        for (int ox = 0; ox < w.OutWidth; ox++)
        {
            int x0 = (ox * w.Stride) - w.Padding;
            int columns = Math.Min(w.Width, x0 + w.Kernel) - Math.Max(0, x0);
            outRow[ox] /= rows * columns;
        }
    }

    private readonly record struct Window(int Planes, int Height, int Width, int Kernel, int Stride, int Padding)
    {
        public int OutHeight => OutputSize(Height, Kernel, Stride, Padding);

        public int OutWidth => OutputSize(Width, Kernel, Stride, Padding);

        public void Validate(int inputLength, int outputLength)
        {
            if (Planes < 0 || Height < 1 || Width < 1 || Kernel < 1 || Stride < 1 || Padding < 0 || Padding > Kernel / 2)
            {
                throw new ArgumentException(
                    $"Invalid pooling geometry: planes {Planes}, input {Height}x{Width}, kernel {Kernel}, stride {Stride}, " +
                    $"padding {Padding} (sizes must be positive and padding at most kernel / 2).");
            }

            if (OutHeight < 1 || OutWidth < 1)
            {
                throw new ArgumentException(
                    $"A {Kernel}x{Kernel} window does not fit the {Height}x{Width} input padded by {Padding}.");
            }

            long expectedIn = (long)Planes * Height * Width;
            long expectedOut = (long)Planes * OutHeight * OutWidth;
            if (inputLength != expectedIn || outputLength != expectedOut)
            {
                throw new ArgumentException(
                    $"Pooling {Planes} planes of {Height}x{Width} to {OutHeight}x{OutWidth} needs {expectedIn} input and " +
                    $"{expectedOut} output values, got {inputLength} and {outputLength}.");
            }
        }
    }
}
