using System.Runtime.CompilerServices;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Cache-blocked, packed SGEMM around a micro-kernel (the Goto/BLIS loop nest). C is processed in super-blocks
/// (Nc columns x a run of rows) and k in chunks of up to <see cref="DepthBlocksPerChunk"/> depth blocks of Kc.
/// The B operand of a chunk is packed into shared panels; tasks over (Mc-row block x group of B panels) then walk
/// the depth blocks in order, each time packing their Mc x Kc block of A into a buffer of their own thread (so it
/// sits in that core's L2) and running the micro-kernel with the B panel outer (reused by every A panel of the
/// block) and the A panels inner. Operands whose panels would be reused only a few times are read in place instead
/// of packed, which is what small products (the per-layer products of a small network) need.
/// <para>
/// Threads: a chunk is one parallel region, whose work items are taken from one shared counter in the order
/// pack(0), pack(1), tasks(0), pack(2), tasks(1), ..., where pack(p) are the B panels of depth block p and tasks(p)
/// the tasks' work on it; so both threads work on the same depth block at a time and packing runs one block
/// ahead. A task's work on block p waits until block p is packed and the same task has finished block p - 1;
/// both are earlier items, already taken by some worker, so the waits are short and cannot deadlock. One region
/// per chunk matters on virtual machines, where waking a pool thread for a region can take from 0.1 to several
/// milliseconds. Every C element is owned by exactly one task and summed over k in the same order whatever the
/// task split, so results do not depend on the thread count.
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
    /// <summary>Below this many multiply-adds a chunk runs on the calling thread.</summary>
    private const long ParallelMinWork = 1L << 20;

    /// <summary>Smallest task worth handing to another thread, in multiply-adds.</summary>
    private const long MinTaskWork = 1L << 18;

    /// <summary>Read an operand in place when its panels are used at most this many times each.</summary>
    private const int DirectReuseLimit = 16;

    /// <summary>Depth blocks whose B panels are packed at once; bounds the packed B buffer to 8 x Kc x Nc values.</summary>
    private const int DepthBlocksPerChunk = 8;

    /// <summary>Rows per super-block.</summary>
    private static readonly int s_rowBlock = 16 * TKernel.Mc;

    [ThreadStatic]
    private static SgemmDriver<TKernel>? t_idle;

    [ThreadStatic]
    private static SgemmPackBuffer? t_bufferA;

    private readonly SgemmPackBuffer _bufferB = new();
    private readonly int[] _packedPanels = new int[DepthBlocksPerChunk];
    private readonly int[] _segmentEnd = new int[2 * DepthBlocksPerChunk];
    private readonly int[] _segmentBlock = new int[2 * DepthBlocksPerChunk];
    private readonly bool[] _segmentIsPack = new bool[2 * DepthBlocksPerChunk];
    private readonly Action<int, int> _workerBody;
    private int[] _taskProgress = [];

    private SgemmOperands _op;
    private bool _directA;
    private bool _directB;

    // The super-block being computed: rows [_row0, _row0 + _rows) x columns [_col0, _col0 + _cols) of C.
    private int _row0;
    private int _rows;
    private int _col0;
    private int _cols;
    private int _bPanels;
    private int _aFirstPacked;
    private int _bFirstPacked;
    private int _groups;
    private int _groupPanels;

    // The chunk being computed: depth blocks [_k0, _k0 + _blocks * Kc) with their packed B panels.
    private int _k0;
    private int _blocks;
    private float* _packedB;
    private int _tasks;
    private int _segments;
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
            driver._packedB = null;
            t_idle = driver;
        }
    }

    private void Execute(in SgemmOperands op)
    {
        _op = op;

        // Packing a panel pays off when it is reused often. A transposed A panel is reused once per B panel and
        // a plain B panel once per A panel; when that is only a few times they are read in place (their full
        // panels: a ragged edge panel is still packed, so that no read goes past the operand).
        _directA = op.PackedA == null && op.TransA && op.N <= DirectReuseLimit * TKernel.Nr;
        _directB = !op.TransB && op.M <= DirectReuseLimit * TKernel.Mr;
        int chunkDepth = DepthBlocksPerChunk * TKernel.Kc;
        for (int jc = 0; jc < op.N; jc += TKernel.Nc)
        {
            for (int ic = 0; ic < op.M; ic += s_rowBlock)
            {
                SetSuperBlock(ic, Math.Min(s_rowBlock, op.M - ic), jc, Math.Min(TKernel.Nc, op.N - jc));
                for (int k0 = 0; k0 < op.K; k0 += chunkDepth)
                {
                    RunChunk(k0, Math.Min(chunkDepth, op.K - k0));
                }
            }
        }
    }

    private void SetSuperBlock(int row0, int rows, int col0, int cols)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        _row0 = row0;
        _rows = rows;
        _col0 = col0;
        _cols = cols;
        _bPanels = (cols + nr - 1) / nr;
        _aFirstPacked = _directA ? rows / mr : 0;
        _bFirstPacked = _directB ? cols / nr : 0;

        // Split the B panels into groups so that (Mc-row blocks x groups) gives every thread a few tasks.
        int mBlocks = (rows + TKernel.Mc - 1) / TKernel.Mc;
        long work = (long)rows * cols * Math.Min(DepthBlocksPerChunk * TKernel.Kc, _op.K);
        int groups = 1;
        if (_op.Parallel && EngineSettings.ThreadCount > 1 && work >= ParallelMinWork)
        {
            int wanted = (4 * EngineSettings.ThreadCount + mBlocks - 1) / mBlocks;
            long affordable = Math.Max(1, work / (mBlocks * MinTaskWork));
            groups = (int)Math.Clamp(Math.Min(wanted, affordable), 1, _bPanels);
        }

        _groupPanels = (_bPanels + groups - 1) / groups;
        _groups = (_bPanels + _groupPanels - 1) / _groupPanels;
        _tasks = mBlocks * _groups;
    }

    private void RunChunk(int k0, int depth)
    {
        _k0 = k0;
        _blocks = (depth + TKernel.Kc - 1) / TKernel.Kc;
        int panelsPerBlock = _bPanels - _bFirstPacked;
        _packedB = _bufferB.Get((long)_blocks * panelsPerBlock * TKernel.Nr * TKernel.Kc);
        Array.Clear(_packedPanels);
        if (_taskProgress.Length < _tasks)
        {
            _taskProgress = new int[_tasks];
        }

        Array.Clear(_taskProgress, 0, _tasks);

        // Work order: pack(0), pack(1), tasks(0), pack(2), tasks(1), ..., tasks(last).
        _segments = 0;
        int end = 0;
        AddSegment(isPack: true, block: 0, panelsPerBlock, ref end);
        for (int block = 0; block < _blocks; block++)
        {
            if (block + 1 < _blocks)
            {
                AddSegment(isPack: true, block + 1, panelsPerBlock, ref end);
            }

            AddSegment(isPack: false, block, _tasks, ref end);
        }

        _claimed = -1;
        long work = (long)_rows * _cols * depth;
        int threads = _op.Parallel && work >= ParallelMinWork ? EngineSettings.ThreadCount : 1;
        ParallelChunks.For(threads, 1, _workerBody);
    }

    private void AddSegment(bool isPack, int block, int items, ref int end)
    {
        if (items == 0)
        {
            return;
        }

        end += items;
        _segmentEnd[_segments] = end;
        _segmentBlock[_segments] = block;
        _segmentIsPack[_segments] = isPack;
        _segments++;
    }

    /// <summary>A worker: claims work items from the shared counter until none are left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunWorkers(int start, int end)
    {
        int total = _segments == 0 ? 0 : _segmentEnd[_segments - 1];
        for (int worker = start; worker < end; worker++)
        {
            int item;
            int segment = 0;
            while ((item = Interlocked.Increment(ref _claimed)) < total)
            {
                while (item >= _segmentEnd[segment])
                {
                    segment++;
                }

                int index = item - (segment == 0 ? 0 : _segmentEnd[segment - 1]);
                if (_segmentIsPack[segment])
                {
                    PackUnit(_segmentBlock[segment], index);
                }
                else
                {
                    ComputeTask(index, _segmentBlock[segment]);
                }
            }
        }
    }

    /// <summary>Depth block <paramref name="block"/> of the current chunk: its first k, its depth, and whether C is added to.</summary>
    private (int K0, int Kc, bool Add) Block(int block)
    {
        int k0 = _k0 + (block * TKernel.Kc);
        return (k0, Math.Min(TKernel.Kc, _op.K - k0), _op.Accumulate || k0 > 0);
    }

    /// <summary>Packed B panel <paramref name="slot"/> (counting from the first packed one) of depth block <paramref name="block"/>.</summary>
    private float* PackedPanel(int block, int slot) =>
        _packedB + ((((long)block * (_bPanels - _bFirstPacked)) + slot) * TKernel.Nr * TKernel.Kc);
}
