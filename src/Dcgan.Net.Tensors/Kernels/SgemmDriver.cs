using System.Runtime.CompilerServices;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Cache-blocked, packed SGEMM around a micro-kernel (the Goto/BLIS loop nest). Loops, outermost first:
/// columns of C in blocks of Nc, rows in super-blocks, depth in blocks of Kc. The operands of a depth block are
/// packed into shared panels; then tasks over (Mc-row block x group of B panels) run the micro-kernel with the
/// B panel outer (reused by every A panel of the block) and the A panels inner (the Mc x Kc block stays in L2).
/// Operands whose panels would be reused only a few times are read in place instead of packed, which is what
/// small products (the per-layer products of a small network) need.
/// <para>
/// Threads: one parallel region per depth block runs that block's tasks and then packs the next block (into the
/// other of two buffers), all taken from one shared counter, so threads that finish their tasks early pack
/// instead of waiting. Every C element is owned by exactly one task and summed over k in the same order whatever
/// the task split, so results do not depend on the thread count.
/// </para>
/// <para>
/// The hot paths (work items, packing, kernel dispatch) are compiled fully optimised from the first call: under
/// tiered compilation their PGO-instrumented tier ran for the first second or so of a workload at two thirds of
/// the speed.
/// </para>
/// </summary>
internal sealed unsafe partial class SgemmDriver<TKernel>
    where TKernel : struct, ISgemmMicroKernel
{
    /// <summary>Below this many multiply-adds (plus packed values) a region runs on the calling thread.</summary>
    private const long ParallelMinWork = 1L << 20;

    /// <summary>Smallest task worth handing to another thread, in multiply-adds.</summary>
    private const long MinTaskWork = 1L << 18;

    /// <summary>Read an operand in place when its panels are used at most this many times each.</summary>
    private const int DirectReuseLimit = 16;

    /// <summary>Rows packed per super-block; bounds the packed A buffer to 16 Mc blocks.</summary>
    private static readonly int s_rowBlock = 16 * TKernel.Mc;

    [ThreadStatic]
    private static SgemmDriver<TKernel>? t_idle;

    private readonly SgemmPackBuffer[] _buffersA = [new(), new()];
    private readonly SgemmPackBuffer[] _buffersB = [new(), new()];
    private readonly Action<int, int> _workerBody;

    private SgemmOperands _op;
    private bool _directA;
    private bool _directB;

    // The super-block being computed: rows [_row0, _row0 + _rows) x columns [_col0, _col0 + _cols) of C.
    private int _row0;
    private int _rows;
    private int _col0;
    private int _cols;
    private int _aPanels;
    private int _bPanels;
    private int _aFirstPacked;
    private int _bFirstPacked;
    private int _groups;
    private int _groupPanels;

    // The region being run: _tasks tasks on _current, then _packUnits panels of _next.
    private DepthBlock _current;
    private DepthBlock _next;
    private int _tasks;
    private int _packUnits;
    private int _claimed;

    private SgemmDriver()
    {
        _workerBody = RunWorkers;
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
                RunSuperBlock(ic, Math.Min(s_rowBlock, op.M - ic), jc, Math.Min(TKernel.Nc, op.N - jc));
            }
        }
    }

    private void RunSuperBlock(int row0, int rows, int col0, int cols)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        _row0 = row0;
        _rows = rows;
        _col0 = col0;
        _cols = cols;
        _aPanels = (rows + mr - 1) / mr;
        _bPanels = (cols + nr - 1) / nr;
        _aFirstPacked = _directA ? rows / mr : 0;
        _bFirstPacked = _directB ? cols / nr : 0;
        ChooseTaskGrid();

        int blocks = (_op.K + TKernel.Kc - 1) / TKernel.Kc;
        _next = PrepareBlock(0);
        RunRegion(tasks: 0);
        for (int block = 0; block < blocks; block++)
        {
            _current = _next;
            bool last = block + 1 == blocks;
            _next = last ? default : PrepareBlock(block + 1);
            RunRegion(_groups * ((rows + TKernel.Mc - 1) / TKernel.Mc));
        }

        _current = _next = default;
    }

    /// <summary>Splits the B panels into groups so that (Mc-row blocks x groups) gives every thread a few tasks.</summary>
    private void ChooseTaskGrid()
    {
        int mBlocks = (_rows + TKernel.Mc - 1) / TKernel.Mc;
        long work = (long)_rows * _cols * Math.Min(TKernel.Kc, _op.K);
        int groups = 1;
        if (_op.Parallel && EngineSettings.ThreadCount > 1 && work >= ParallelMinWork)
        {
            int wanted = (4 * EngineSettings.ThreadCount + mBlocks - 1) / mBlocks;
            long affordable = Math.Max(1, work / (mBlocks * MinTaskWork));
            groups = (int)Math.Clamp(Math.Min(wanted, affordable), 1, _bPanels);
        }

        _groupPanels = (_bPanels + groups - 1) / groups;
        _groups = (_bPanels + _groupPanels - 1) / _groupPanels;
    }

    /// <summary>Describes depth block <paramref name="index"/> and gets its pack buffers (the two blocks in flight alternate).</summary>
    private DepthBlock PrepareBlock(int index)
    {
        int k0 = index * TKernel.Kc;
        int kc = Math.Min(TKernel.Kc, _op.K - k0);
        float* a = _buffersA[index & 1].Get((long)(_aPanels - _aFirstPacked) * TKernel.Mr * kc);
        float* b = _buffersB[index & 1].Get((long)(_bPanels - _bFirstPacked) * TKernel.Nr * kc);
        return new DepthBlock(k0, kc, _op.Accumulate || k0 > 0, a, b);
    }

    /// <summary>Runs <paramref name="tasks"/> tasks of <see cref="_current"/>, then packs <see cref="_next"/> (if any).</summary>
    private void RunRegion(int tasks)
    {
        _tasks = tasks;
        _packUnits = _next.Kc > 0 ? (_aPanels - _aFirstPacked) + (_bPanels - _bFirstPacked) : 0;
        _claimed = -1;
        long work = ((long)tasks * TKernel.Mc * _groupPanels * TKernel.Nr * _current.Kc)
            + ((long)_packUnits * TKernel.Nr * _next.Kc);
        int threads = _op.Parallel && work >= ParallelMinWork ? EngineSettings.ThreadCount : 1;
        ParallelChunks.For(threads, 1, _workerBody);
    }

    /// <summary>A worker: claims work items from the shared counter until none are left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunWorkers(int start, int end)
    {
        int total = _tasks + _packUnits;
        for (int worker = start; worker < end; worker++)
        {
            int item;
            while ((item = Interlocked.Increment(ref _claimed)) < total)
            {
                if (item < _tasks)
                {
                    ComputeTask(item);
                }
                else
                {
                    PackUnit(item - _tasks);
                }
            }
        }
    }

    /// <summary>One depth block of the super-block: its range of k, whether C is added to, and its packed panels.</summary>
    private readonly struct DepthBlock(int k0, int kc, bool add, float* packedA, float* packedB)
    {
        public int K0 { get; } = k0;

        public int Kc { get; } = kc;

        public bool Add { get; } = add;

        public float* PackedA { get; } = packedA;

        public float* PackedB { get; } = packedB;
    }
}
