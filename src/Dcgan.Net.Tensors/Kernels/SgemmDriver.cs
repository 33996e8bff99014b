namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Cache-blocked, packed SGEMM around a micro-kernel (the Goto/BLIS loop nest). Loops, outermost first:
/// columns of C in blocks of Nc, rows in super-blocks, depth in blocks of Kc. For each block the operands are
/// packed into shared panels (in parallel when that is worth it), then tasks over (Mc-row block x group of
/// B panels) run the micro-kernel with the B panel outer (reused by every A panel of the block) and the A panels
/// inner (the Mc x Kc block stays in L2). Operands whose panels would be reused only a few times are read in
/// place instead of packed, which is what small products (the per-layer products of a small network) need.
/// Every C element is owned by exactly one task and summed over k in the same order whatever the task split
/// or the packing, so results do not depend on the thread count.
/// </summary>
internal sealed unsafe class SgemmDriver<TKernel>
    where TKernel : struct, ISgemmMicroKernel
{
    /// <summary>Below this many multiply-adds a block runs on the calling thread.</summary>
    private const long ParallelMinWork = 1L << 20;

    /// <summary>Below this many packed values the operands are packed on the calling thread.</summary>
    private const long ParallelMinPack = 1L << 18;

    /// <summary>Smallest task worth handing to another thread, in multiply-adds.</summary>
    private const long MinTaskWork = 1L << 18;

    /// <summary>Rows packed per super-block; bounds the packed A buffer to 16 Mc blocks.</summary>
    private static readonly int s_rowBlock = 16 * TKernel.Mc;

    /// <summary>Read an operand in place when its panels are used at most this many times each.</summary>
    private const int DirectReuseLimit = 16;

    [ThreadStatic]
    private static SgemmDriver<TKernel>? t_idle;

    private readonly SgemmPackBuffer _bufferA = new();
    private readonly SgemmPackBuffer _bufferB = new();
    private readonly Action<int, int> _packBody;
    private readonly Action<int, int> _computeBody;

    private SgemmOperands _op;
    private bool _directA;
    private bool _directB;
    private int _aFirstPacked;
    private int _bFirstPacked;
    private float* _packedA;
    private float* _packedB;
    private int _row0;
    private int _rows;
    private int _col0;
    private int _cols;
    private int _k0;
    private int _kc;
    private bool _add;
    private int _aPanels;
    private int _bPanels;
    private int _groups;
    private int _groupPanels;

    private SgemmDriver()
    {
        _packBody = PackRange;
        _computeBody = ComputeRange;
    }

    /// <summary>Runs the product with this thread's cached driver (a re-entrant call gets a fresh one).</summary>
    public static void Multiply(in SgemmOperands op)
    {
        SgemmDriver<TKernel> driver = t_idle ?? new SgemmDriver<TKernel>();
        t_idle = null;
        try
        {
            driver.Execute(op);
        }
        finally
        {
            driver._op = default;
            t_idle = driver;
        }
    }

    private void Execute(in SgemmOperands op)
    {
        _op = op;

        // Packing a panel pays off when it is reused often. A transposed A panel is reused once per B panel and
        // a plain B panel once per A panel; when that is only a few times they are read in place (their full
        // panels: a ragged edge panel is still packed, so that no read goes past the operand).
        _directA = op.TransA && op.N <= DirectReuseLimit * TKernel.Nr;
        _directB = !op.TransB && op.M <= DirectReuseLimit * TKernel.Mr;
        for (int jc = 0; jc < op.N; jc += TKernel.Nc)
        {
            for (int ic = 0; ic < op.M; ic += s_rowBlock)
            {
                for (int pc = 0; pc < op.K; pc += TKernel.Kc)
                {
                    RunBlock(ic, Math.Min(s_rowBlock, op.M - ic), jc, Math.Min(TKernel.Nc, op.N - jc), pc);
                }
            }
        }
    }

    private void RunBlock(int row0, int rows, int col0, int cols, int k0)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        _row0 = row0;
        _rows = rows;
        _col0 = col0;
        _cols = cols;
        _k0 = k0;
        _kc = Math.Min(TKernel.Kc, _op.K - k0);
        _add = _op.Accumulate || k0 > 0;
        _aPanels = (rows + mr - 1) / mr;
        _bPanels = (cols + nr - 1) / nr;
        _aFirstPacked = _directA ? rows / mr : 0;
        _bFirstPacked = _directB ? cols / nr : 0;
        int aPacked = _aPanels - _aFirstPacked;
        int bPacked = _bPanels - _bFirstPacked;
        _packedA = _bufferA.Get((long)aPacked * mr * _kc);
        _packedB = _bufferB.Get((long)bPacked * nr * _kc);

        long work = (long)rows * cols * _kc;
        bool parallel = _op.Parallel && EngineSettings.ThreadCount > 1 && work >= ParallelMinWork;

        int packUnits = aPacked + bPacked;
        long packWork = ((long)aPacked * mr + ((long)bPacked * nr)) * _kc;
        int packChunk = parallel && packWork >= ParallelMinPack ? ParallelChunks.ChunkSize(packUnits, (long)_kc * nr, ParallelMinPack / 4) : packUnits;
        ParallelChunks.For(packUnits, packChunk, _packBody);

        int mBlocks = (rows + TKernel.Mc - 1) / TKernel.Mc;
        int groups = 1;
        if (parallel)
        {
            int wanted = (4 * EngineSettings.ThreadCount + mBlocks - 1) / mBlocks;
            long affordable = Math.Max(1, work / (mBlocks * MinTaskWork));
            groups = (int)Math.Clamp(Math.Min(wanted, affordable), 1, _bPanels);
        }

        _groupPanels = (_bPanels + groups - 1) / groups;
        _groups = (_bPanels + _groupPanels - 1) / _groupPanels;
        int tasks = mBlocks * _groups;
        ParallelChunks.For(tasks, parallel ? 1 : tasks, _computeBody);
    }

    /// <summary>Packs A panels from <see cref="_aFirstPacked"/> on, then B panels from <see cref="_bFirstPacked"/> on.</summary>
    private void PackRange(int start, int end)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        int aPacked = _aPanels - _aFirstPacked;
        for (int unit = start; unit < end; unit++)
        {
            if (unit < aPacked)
            {
                int r = (_aFirstPacked + unit) * mr;
                SgemmPacking.PackAPanel(_op, _row0 + r, Math.Min(mr, _rows - r), _k0, _kc, mr, _packedA + ((long)unit * mr * _kc));
            }
            else
            {
                int slot = unit - aPacked;
                int c = (_bFirstPacked + slot) * nr;
                int cols = Math.Min(nr, _cols - c);
                SgemmPacking.PackBPanel(_op, _col0 + c, cols, PanelWidth(cols), _k0, _kc, _packedB + ((long)slot * nr * _kc));
            }
        }
    }

    private void ComputeRange(int start, int end)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        for (int task = start; task < end; task++)
        {
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
                    b = _op.B + (_k0 * _op.Ldb) + _col0 + c;
                    bStride = _op.Ldb;
                }
                else
                {
                    b = _packedB + ((long)(panel - _bFirstPacked) * nr * _kc);
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
                        a = _op.A + (_k0 * _op.Lda) + _row0 + r;
                        aStride = _op.Lda;
                    }
                    else
                    {
                        a = _packedA + ((long)(panelA - _aFirstPacked) * mr * _kc);
                        aStride = mr;
                    }

                    TKernel.Run(_kc, a, aStride, b, bStride, width, cBase + (r * _op.Ldc), _op.Ldc, Math.Min(mr, rowEnd - r), cols, _add);
                }
            }
        }
    }

    private static int PanelWidth(int cols)
    {
        int step = TKernel.PanelStep;
        return (cols + step - 1) / step * step;
    }
}
