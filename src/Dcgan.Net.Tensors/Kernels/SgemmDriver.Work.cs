using System.Runtime.CompilerServices;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>The two kinds of work item: packing one B panel of a depth block, computing one task on a depth block.</summary>
internal sealed unsafe partial class SgemmDriver<TKernel>
{
    /// <summary>Packs B panel <paramref name="slot"/> (counting from the first packed one) of depth block <paramref name="block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackUnit(int block, int slot)
    {
        int nr = TKernel.Nr;
        (int k0, int kc, _) = Block(block);
        int c = (_bFirstPacked + slot) * nr;
        int cols = Math.Min(nr, _cols - c);
        SgemmPacking.PackBPanel(_op, _col0 + c, cols, PanelWidth(cols), k0, kc, PackedPanel(block, slot));
        Interlocked.Increment(ref _packedPanels[block]);
    }

    /// <summary>Task <paramref name="task"/> (one Mc-row block against one group of B panels) on depth block <paramref name="block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeTask(int task, int block)
    {
        int panelsPerBlock = _bPanels - _bFirstPacked;
        WaitUntilAtLeast(ref _packedPanels[block], panelsPerBlock);
        WaitUntilAtLeast(ref _taskProgress[task], block);
        int rowStart = task / _groups * TKernel.Mc;
        int panelStart = task % _groups * _groupPanels;
        ComputeBlock(block, rowStart, Math.Min(_rows, rowStart + TKernel.Mc), panelStart, Math.Min(_bPanels, panelStart + _groupPanels));
        Volatile.Write(ref _taskProgress[task], block + 1);
    }

    private static void WaitUntilAtLeast(ref int counter, int value)
    {
        if (Volatile.Read(ref counter) >= value)
        {
            return;
        }

        var spin = default(SpinWait);
        while (Volatile.Read(ref counter) < value)
        {
            spin.SpinOnce();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeBlock(int block, int rowStart, int rowEnd, int panelStart, int panelEnd)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        (int k0, int kc, bool add) = Block(block);
        float* packedA = _op.PackedA != null ? null : PackOwnA(rowStart, rowEnd, k0, kc);
        for (int panel = panelStart; panel < panelEnd; panel++)
        {
            int c = panel * nr;
            int cols = Math.Min(nr, _cols - c);
            int width = PanelWidth(cols);
            float* b;
            nint bStride;
            if (panel < _bFirstPacked)
            {
                b = _op.B + (k0 * _op.Ldb) + _col0 + c;
                bStride = _op.Ldb;
            }
            else
            {
                b = PackedPanel(block, panel - _bFirstPacked);
                bStride = width;
            }

            float* cBase = _op.C + (_row0 * _op.Ldc) + _col0 + c;
            for (int r = rowStart; r < rowEnd; r += mr)
            {
                float* a;
                nint aStride;
                if (_op.PackedA != null)
                {
                    // Panel (row0 + r) / Mr of the whole packed A, at depth k0.
                    a = _op.PackedA + ((((long)(_row0 + r) / mr * _op.K) + k0) * mr);
                    aStride = mr;
                }
                else if (r / mr < _aFirstPacked)
                {
                    a = _op.A + (k0 * _op.Lda) + _row0 + r;
                    aStride = _op.Lda;
                }
                else
                {
                    a = packedA + ((long)(r - rowStart) * kc);
                    aStride = mr;
                }

                TKernel.Run(kc, a, aStride, b, bStride, width, cBase + (r * _op.Ldc), _op.Ldc, Math.Min(mr, rowEnd - r), cols, add);
            }
        }
    }

    /// <summary>
    /// Packs the A panels of rows [rowStart, rowEnd) that are not read in place into this thread's buffer, panel
    /// p (counting from rowStart) at p * Mr * kc. Rows read in place come first, so a block is all one or the other
    /// except at its ragged end.
    /// </summary>
    private float* PackOwnA(int rowStart, int rowEnd, int k0, int kc)
    {
        int mr = TKernel.Mr;
        float* buffer = (t_bufferA ??= new SgemmPackBuffer()).Get((long)(rowEnd - rowStart + mr) * kc);
        for (int r = Math.Max(rowStart, _aFirstPacked * mr); r < rowEnd; r += mr)
        {
            SgemmPacking.PackAPanel(_op, _row0 + r, Math.Min(mr, rowEnd - r), k0, kc, mr, buffer + ((long)(r - rowStart) * kc));
        }

        return buffer;
    }

    private static int PanelWidth(int cols)
    {
        int step = TKernel.PanelStep;
        return (cols + step - 1) / step * step;
    }
}
