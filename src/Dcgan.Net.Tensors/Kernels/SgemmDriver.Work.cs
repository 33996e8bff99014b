using System.Runtime.CompilerServices;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>The two kinds of work item: packing one panel of the next depth block, computing one task of the current one.</summary>
internal sealed unsafe partial class SgemmDriver<TKernel>
{
    /// <summary>Packs A panel <paramref name="unit"/> (counting from the first packed one), or a B panel after the A panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackUnit(int unit)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        DepthBlock block = _next;
        int aPacked = _aPanels - _aFirstPacked;
        if (unit < aPacked)
        {
            int r = (_aFirstPacked + unit) * mr;
            SgemmPacking.PackAPanel(_op, _row0 + r, Math.Min(mr, _rows - r), block.K0, block.Kc, mr, block.PackedA + ((long)unit * mr * block.Kc));
            return;
        }

        int slot = unit - aPacked;
        int c = (_bFirstPacked + slot) * nr;
        int cols = Math.Min(nr, _cols - c);
        SgemmPacking.PackBPanel(_op, _col0 + c, cols, PanelWidth(cols), block.K0, block.Kc, block.PackedB + ((long)slot * nr * block.Kc));
    }

    /// <summary>Task <paramref name="task"/>: one Mc-row block against one group of B panels, for the current depth block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeTask(int task)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        DepthBlock block = _current;
        int rowStart = task / _groups * TKernel.Mc;
        int rowEnd = Math.Min(_rows, rowStart + TKernel.Mc);
        int panelStart = task % _groups * _groupPanels;
        int panelEnd = Math.Min(_bPanels, panelStart + _groupPanels);
        for (int panel = panelStart; panel < panelEnd; panel++)
        {
            int c = panel * nr;
            int cols = Math.Min(nr, _cols - c);
            int width = PanelWidth(cols);
            float* b;
            nint bStride;
            if (panel < _bFirstPacked)
            {
                b = _op.B + (block.K0 * _op.Ldb) + _col0 + c;
                bStride = _op.Ldb;
            }
            else
            {
                b = block.PackedB + ((long)(panel - _bFirstPacked) * nr * block.Kc);
                bStride = width;
            }

            float* cBase = _op.C + (_row0 * _op.Ldc) + _col0 + c;
            for (int r = rowStart; r < rowEnd; r += mr)
            {
                int panelA = r / mr;
                float* a;
                nint aStride;
                if (panelA < _aFirstPacked)
                {
                    a = _op.A + (block.K0 * _op.Lda) + _row0 + r;
                    aStride = _op.Lda;
                }
                else
                {
                    a = block.PackedA + ((long)(panelA - _aFirstPacked) * mr * block.Kc);
                    aStride = mr;
                }

                TKernel.Run(block.Kc, a, aStride, b, bStride, width, cBase + (r * _op.Ldc), _op.Ldc, Math.Min(mr, rowEnd - r), cols, block.Add);
            }
        }
    }

    private static int PanelWidth(int cols)
    {
        int step = TKernel.PanelStep;
        return (cols + step - 1) / step * step;
    }
}
