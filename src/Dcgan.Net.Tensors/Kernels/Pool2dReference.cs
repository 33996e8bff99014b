namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Direct-loop twins of <see cref="Pool2dKernels"/> (same contracts): the definitions the fast kernels are tested
/// against. Averages are summed in float64, so they are tighter than the float32 kernel.
/// </summary>
internal static class Pool2dReference
{
    /// <summary>Same contract as <see cref="Pool2dKernels.MaxPool"/>.</summary>
    public static void MaxPool(ReadOnlySpan<float> input, Span<float> output, int planes, int height, int width, int kernel, int stride, int padding)
    {
        int oh = Pool2dKernels.OutputSize(height, kernel, stride, padding);
        int ow = Pool2dKernels.OutputSize(width, kernel, stride, padding);
        for (int p = 0; p < planes; p++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    float max = float.NegativeInfinity;
                    for (int ky = 0; ky < kernel; ky++)
                    {
                        for (int kx = 0; kx < kernel; kx++)
                        {
                            int y = (oy * stride) - padding + ky;
                            int x = (ox * stride) - padding + kx;
                            if (y >= 0 && y < height && x >= 0 && x < width)
                            {
                                max = MathF.Max(max, input[(((p * height) + y) * width) + x]);
                            }
                        }
                    }

                    output[(((p * oh) + oy) * ow) + ox] = max;
                }
            }
        }
    }

    /// <summary>Same contract as <see cref="Pool2dKernels.AvgPoolExcludePadding"/>.</summary>
    public static void AvgPoolExcludePadding(
        ReadOnlySpan<float> input, Span<float> output, int planes, int height, int width, int kernel, int stride, int padding)
    {
        int oh = Pool2dKernels.OutputSize(height, kernel, stride, padding);
        int ow = Pool2dKernels.OutputSize(width, kernel, stride, padding);
        for (int p = 0; p < planes; p++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    double sum = 0;
                    int count = 0;
                    for (int ky = 0; ky < kernel; ky++)
                    {
                        for (int kx = 0; kx < kernel; kx++)
                        {
                            int y = (oy * stride) - padding + ky;
                            int x = (ox * stride) - padding + kx;
                            if (y >= 0 && y < height && x >= 0 && x < width)
                            {
                                sum += input[(((p * height) + y) * width) + x];
                                count++;
                            }
                        }
                    }

                    output[(((p * oh) + oy) * ow) + ox] = (float)(sum / count);
                }
            }
        }
    }
}
