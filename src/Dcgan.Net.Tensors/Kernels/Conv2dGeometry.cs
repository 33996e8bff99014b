namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Shape of a 2-D convolution (dilation 1, groups 1, zero padding): input [Batch, InChannels, Height, Width],
/// weight [OutChannels, InChannels, KernelH, KernelW], output [Batch, OutChannels, OutHeight, OutWidth] with
/// <c>OutHeight = floor((Height + 2 PadH - KernelH) / StrideH) + 1</c> (and the same across).
/// </summary>
internal readonly record struct Conv2dGeometry(
    int Batch, int InChannels, int Height, int Width,
    int OutChannels, int KernelH, int KernelW,
    int StrideH, int StrideW, int PadH, int PadW)
{
    /// <summary>Output rows per image (0 for a geometry that <see cref="Validate"/> rejects).</summary>
    public int OutHeight => OutSize(Height, KernelH, StrideH, PadH);

    /// <summary>Output columns per image (0 for a geometry that <see cref="Validate"/> rejects).</summary>
    public int OutWidth => OutSize(Width, KernelW, StrideW, PadW);

    /// <summary>Rows of the im2col matrix: InChannels x KernelH x KernelW.</summary>
    public int PatchSize => InChannels * KernelH * KernelW;

    /// <summary>Output positions per image (columns of the im2col matrix).</summary>
    public int OutPlane => OutHeight * OutWidth;

    /// <summary>Values per input image.</summary>
    public int InputImageSize => InChannels * Height * Width;

    /// <summary>Values per output image.</summary>
    public int OutputImageSize => OutChannels * OutPlane;

    /// <summary>Values in the weight.</summary>
    public int WeightSize => OutChannels * PatchSize;

    /// <summary>True for a 1x1, stride-1, unpadded kernel, whose im2col matrix is the input itself.</summary>
    public bool IsPointwise => KernelH == 1 && KernelW == 1 && StrideH == 1 && StrideW == 1 && PadH == 0 && PadW == 0;

    /// <summary>Checks that every size is usable and that the buffers fit in a span.</summary>
    /// <exception cref="ArgumentException">A size is not positive, padding is negative, the kernel does not fit, or a buffer is too large.</exception>
    public void Validate()
    {
        if (Batch < 1 || InChannels < 1 || Height < 1 || Width < 1 || OutChannels < 1 || KernelH < 1 || KernelW < 1
            || StrideH < 1 || StrideW < 1 || PadH < 0 || PadW < 0)
        {
            throw new ArgumentException(
                $"Invalid convolution geometry {this}: sizes and strides must be positive, padding non-negative.");
        }

        if (Height + (2L * PadH) < KernelH || Width + (2L * PadW) < KernelW)
        {
            throw new ArgumentException(
                $"Kernel {KernelH}x{KernelW} is larger than the padded input {Height + (2L * PadH)}x{Width + (2L * PadW)}.");
        }

        long patch = (long)InChannels * KernelH * KernelW;
        long plane = (long)OutHeight * OutWidth;
        long largest = Math.Max(
            Math.Max((long)Batch * InChannels * Height * Width, (long)Batch * OutChannels * plane),
            Math.Max(patch * plane, (long)OutChannels * patch));
        if (largest > Array.MaxLength)
        {
            throw new ArgumentException($"Convolution {this} needs a buffer of {largest} values, more than an array can hold.");
        }
    }

    private static int OutSize(int size, int kernel, int stride, int pad)
    {
        long span = size + (2L * pad) - kernel;
        return stride < 1 || span < 0 ? 0 : (int)Math.Min(int.MaxValue, (span / stride) + 1);
    }
}
