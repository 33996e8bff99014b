namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Direct-loop twins of <see cref="Conv2dKernels"/>: the definitions the fast kernels are tested against.
/// Sums are accumulated in float64, so they are tighter than any float32 kernel.
/// </summary>
internal static class Conv2dReference
{
    /// <summary>Same contract as <see cref="Conv2dKernels.Forward"/>.</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output, in Conv2dGeometry g)
    {
        int oh = g.OutHeight, ow = g.OutWidth;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int o = 0; o < g.OutChannels; o++)
            {
                for (int y = 0; y < oh; y++)
                {
                    for (int x = 0; x < ow; x++)
                    {
                        double sum = 0;
                        for (int c = 0; c < g.InChannels; c++)
                        {
                            for (int kh = 0; kh < g.KernelH; kh++)
                            {
                                for (int kw = 0; kw < g.KernelW; kw++)
                                {
                                    int iy = (y * g.StrideH) - g.PadH + kh;
                                    int ix = (x * g.StrideW) - g.PadW + kw;
                                    if (iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width)
                                    {
                                        sum += (double)input[InputIndex(g, n, c, iy, ix)] * weight[WeightIndex(g, o, c, kh, kw)];
                                    }
                                }
                            }
                        }

                        output[(((n * g.OutChannels) + o) * oh * ow) + (y * ow) + x] = (float)sum;
                    }
                }
            }
        }
    }

    /// <summary>Same contract as <see cref="Conv2dKernels.BackwardInput"/>.</summary>
    public static void BackwardInput(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput, in Conv2dGeometry g, bool accumulate)
    {
        var sums = new double[g.Batch * g.InputImageSize];
        int oh = g.OutHeight, ow = g.OutWidth;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int o = 0; o < g.OutChannels; o++)
            {
                for (int y = 0; y < oh; y++)
                {
                    for (int x = 0; x < ow; x++)
                    {
                        double go = gradOutput[(((n * g.OutChannels) + o) * oh * ow) + (y * ow) + x];
                        for (int c = 0; c < g.InChannels; c++)
                        {
                            for (int kh = 0; kh < g.KernelH; kh++)
                            {
                                for (int kw = 0; kw < g.KernelW; kw++)
                                {
                                    int iy = (y * g.StrideH) - g.PadH + kh;
                                    int ix = (x * g.StrideW) - g.PadW + kw;
                                    if (iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width)
                                    {
                                        sums[InputIndex(g, n, c, iy, ix)] += go * weight[WeightIndex(g, o, c, kh, kw)];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        for (int i = 0; i < sums.Length; i++)
        {
            gradInput[i] = accumulate ? (float)(gradInput[i] + sums[i]) : (float)sums[i];
        }
    }

    /// <summary>Same contract as <see cref="Conv2dKernels.BackwardWeight"/>.</summary>
    public static void BackwardWeight(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight, in Conv2dGeometry g, bool accumulate)
    {
        int oh = g.OutHeight, ow = g.OutWidth;
        for (int o = 0; o < g.OutChannels; o++)
        {
            for (int c = 0; c < g.InChannels; c++)
            {
                for (int kh = 0; kh < g.KernelH; kh++)
                {
                    for (int kw = 0; kw < g.KernelW; kw++)
                    {
                        double sum = 0;
                        for (int n = 0; n < g.Batch; n++)
                        {
                            for (int y = 0; y < oh; y++)
                            {
                                for (int x = 0; x < ow; x++)
                                {
                                    int iy = (y * g.StrideH) - g.PadH + kh;
                                    int ix = (x * g.StrideW) - g.PadW + kw;
                                    if (iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width)
                                    {
                                        sum += (double)gradOutput[(((n * g.OutChannels) + o) * oh * ow) + (y * ow) + x]
                                            * input[InputIndex(g, n, c, iy, ix)];
                                    }
                                }
                            }
                        }

                        int w = WeightIndex(g, o, c, kh, kw);
                        gradWeight[w] = accumulate ? (float)(gradWeight[w] + sum) : (float)sum;
                    }
                }
            }
        }
    }

    private static int InputIndex(in Conv2dGeometry g, int n, int c, int y, int x) =>
        (((((n * g.InChannels) + c) * g.Height) + y) * g.Width) + x;

    private static int WeightIndex(in Conv2dGeometry g, int o, int c, int kh, int kw) =>
        (((((o * g.InChannels) + c) * g.KernelH) + kh) * g.KernelW) + kw;
}
