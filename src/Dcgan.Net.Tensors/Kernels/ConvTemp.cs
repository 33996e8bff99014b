namespace Dcgan.Net.Tensors.Kernels;

internal readonly record struct Conv2dGeometry(int Batch, int InChannels, int Height, int Width, int OutChannels, int KernelH, int KernelW, int StrideH, int StrideW, int PadH, int PadW)
{
    public int OutHeight => ((Height + (2 * PadH) - KernelH) / StrideH) + 1;

    public int OutWidth => ((Width + (2 * PadW) - KernelW) / StrideW) + 1;
}

internal static class Conv2dKernels
{
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, in Conv2dGeometry g)
    {
        int oh = g.OutHeight, ow = g.OutWidth;
        for (int n = 0; n < g.Batch; n++)
        for (int o = 0; o < g.OutChannels; o++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        {
            double s = 0;
            for (int c = 0; c < g.InChannels; c++)
            for (int ki = 0; ki < g.KernelH; ki++)
            for (int kj = 0; kj < g.KernelW; kj++)
            {
                int yy = (i * g.StrideH) - g.PadH + ki, xx = (j * g.StrideW) - g.PadW + kj;
                if (yy < 0 || yy >= g.Height || xx < 0 || xx >= g.Width) continue;
                s += x[(((n * g.InChannels) + c) * g.Height + yy) * g.Width + xx] * w[(((o * g.InChannels) + c) * g.KernelH + ki) * g.KernelW + kj];
            }
            y[(((n * g.OutChannels) + o) * oh + i) * ow + j] = (float)s;
        }
    }

    public static void BackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, in Conv2dGeometry g, bool accumulate)
    {
        if (!accumulate) dx.Clear();
        int oh = g.OutHeight, ow = g.OutWidth;
        for (int n = 0; n < g.Batch; n++)
        for (int o = 0; o < g.OutChannels; o++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        {
            float gv = dy[(((n * g.OutChannels) + o) * oh + i) * ow + j];
            for (int c = 0; c < g.InChannels; c++)
            for (int ki = 0; ki < g.KernelH; ki++)
            for (int kj = 0; kj < g.KernelW; kj++)
            {
                int yy = (i * g.StrideH) - g.PadH + ki, xx = (j * g.StrideW) - g.PadW + kj;
                if (yy < 0 || yy >= g.Height || xx < 0 || xx >= g.Width) continue;
                dx[(((n * g.InChannels) + c) * g.Height + yy) * g.Width + xx] += gv * w[(((o * g.InChannels) + c) * g.KernelH + ki) * g.KernelW + kj];
            }
        }
    }

    public static void BackwardWeight(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dw, in Conv2dGeometry g, bool accumulate)
    {
        if (!accumulate) dw.Clear();
        int oh = g.OutHeight, ow = g.OutWidth;
        for (int n = 0; n < g.Batch; n++)
        for (int o = 0; o < g.OutChannels; o++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        {
            float gv = dy[(((n * g.OutChannels) + o) * oh + i) * ow + j];
            for (int c = 0; c < g.InChannels; c++)
            for (int ki = 0; ki < g.KernelH; ki++)
            for (int kj = 0; kj < g.KernelW; kj++)
            {
                int yy = (i * g.StrideH) - g.PadH + ki, xx = (j * g.StrideW) - g.PadW + kj;
                if (yy < 0 || yy >= g.Height || xx < 0 || xx >= g.Width) continue;
                dw[(((o * g.InChannels) + c) * g.KernelH + ki) * g.KernelW + kj] += gv * x[(((n * g.InChannels) + c) * g.Height + yy) * g.Width + xx];
            }
        }
    }
}
