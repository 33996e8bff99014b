using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Fid;

/// <summary>Instruction-set level of the double-precision kernels.</summary>
internal enum SimdLevel
{
    /// <summary>Plain scalar loops.</summary>
    Scalar,

    /// <summary>128-bit vectors (SSE2; FMA when the machine has it).</summary>
    Vector128,

    /// <summary>256-bit vectors with FMA (AVX2 + FMA3).</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512F).</summary>
    Vector512,
}

/// <summary>Parts of the operands or the result that are known to be zero or not needed.</summary>
[Flags]
internal enum GemmStructure
{
    /// <summary>Dense operands, the whole of C.</summary>
    None = 0,

    /// <summary>Only C[i, j] with j ≥ i is needed; blocks strictly below the diagonal are skipped (left as they were, or zero).</summary>
    UpperOutput = 1,

    /// <summary>op(A)[i, p] = 0 for p &lt; i, stored as zeros: a row block starting at i0 sums from p = i0.</summary>
    AUpperTriangular = 2,

    /// <summary>op(B)[p, j] = 0 for p &lt; j, stored as zeros: a column block starting at j0 sums from p = j0.</summary>
    BLowerTriangular = 4,

    /// <summary>Only C[i, j] with j ≤ i is needed; blocks strictly above the diagonal are skipped.</summary>
    LowerOutput = 8,
}

/// <summary>
/// Double-precision matrix product on row-major storage: <c>C[m, n] = op(A)[m, k] · op(B)[k, n] (+ C)</c>.
/// </summary>
/// <remarks>
/// Blocking (Goto/BLIS style; MC = 192, KC = 256, NC = 16·NR, so an A block and a B panel share a 2 MB L2): C is cut into MC×NC tiles, each computed by one work item over the whole k range in
/// KC-deep steps, so every element's sum runs in the same order whatever the thread count. Per step the tile's
/// op(B) panel is packed into NR-wide column slivers and its op(A) block into MR-tall row slivers (zero-padded at the
/// edges), then an MR×NR register kernel (<see cref="DgemmKernels"/>) runs over the sliver pairs.
/// A is stored [m, lda] (or [k, lda] when transposed), B as [k, ldb] (or [n, ldb]), C as [m, ldc].
/// </remarks>
internal static unsafe class Dgemm
{
    private const int KC = 256;

    /// <summary>The kernel level in use; tests lower it to exercise the narrower paths on any machine.</summary>
    internal static SimdLevel Level { get; set; } = DetectLevel();

    /// <summary>The widest level this machine (and the runtime's ISA switches) supports.</summary>
    internal static SimdLevel DetectLevel() =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? SimdLevel.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? SimdLevel.Vector256
        : Vector128.IsHardwareAccelerated ? SimdLevel.Vector128
        : SimdLevel.Scalar;

    /// <summary>Computes the product on managed arrays; see the type remarks for the layout.</summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        double[] a, int lda, double[] b, int ldb, double[] c, int ldc,
        bool accumulate, GemmStructure structure = GemmStructure.None)
    {
        fixed (double* pa = a, pb = b, pc = c)
        {
            Multiply(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate, structure);
        }
    }

    /// <summary>Computes the product on pinned memory; see the type remarks for the layout.</summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        double* a, int lda, double* b, int ldb, double* c, int ldc,
        bool accumulate, GemmStructure structure = GemmStructure.None)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        var level = Level;
        var (mr, nr) = DgemmKernels.TileShape(level);
        const int mc = 192;
        int nc = 16 * nr;
        int tilesM = (m + mc - 1) / mc;
        int tilesN = (n + nc - 1) / nc;
        var tiles = new List<(int I0, int J0)>(tilesM * tilesN);
        for (int ti = 0; ti < tilesM; ti++)
        {
            for (int tj = 0; tj < tilesN; tj++)
            {
                int i0 = ti * mc, j0 = tj * nc;
                bool belowDiagonal = i0 >= Math.Min(n, j0 + nc);
                bool aboveDiagonal = j0 >= Math.Min(m, i0 + mc);
                if (!(structure.HasFlag(GemmStructure.UpperOutput) && belowDiagonal)
                    && !(structure.HasFlag(GemmStructure.LowerOutput) && aboveDiagonal))
                {
                    tiles.Add((i0, j0));
                }
            }
        }

        var job = new Job(transA, transB, m, n, k, (nint)a, lda, (nint)b, ldb, (nint)c, ldc, accumulate, structure, level, mr, nr, mc, nc);
        ParallelWork.For(tiles.Count, t => job.RunTile(tiles[t].I0, tiles[t].J0));
    }

    private sealed record Job(
        bool TransA, bool TransB, int M, int N, int K, nint A, int Lda, nint B, int Ldb, nint C, int Ldc,
        bool Accumulate, GemmStructure Structure, SimdLevel Level, int MR, int NR, int MC, int NC)
    {
        public void RunTile(int i0, int j0)
        {
            int i1 = Math.Min(M, i0 + MC), j1 = Math.Min(N, j0 + NC);
            double* c = (double*)C;
            if (!Accumulate)
            {
                for (int i = i0; i < i1; i++)
                {
                    new Span<double>(c + ((long)i * Ldc) + j0, j1 - j0).Clear();
                }
            }

            int kStart = 0;
            if (Structure.HasFlag(GemmStructure.AUpperTriangular))
            {
                kStart = Math.Max(kStart, i0);
            }

            if (Structure.HasFlag(GemmStructure.BLowerTriangular))
            {
                kStart = Math.Max(kStart, j0);
            }

            int slivers = (j1 - j0 + NR - 1) / NR;
            int rowSlivers = (i1 - i0 + MR - 1) / MR;
            double* bPack = (double*)NativeMemory.AlignedAlloc((nuint)(KC * slivers * NR * sizeof(double)), 64);
            double* aPack = (double*)NativeMemory.AlignedAlloc((nuint)(KC * rowSlivers * MR * sizeof(double)), 64);
            try
            {
                for (int p0 = kStart; p0 < K; p0 += KC)
                {
                    int kc = Math.Min(KC, K - p0);
                    PackB(bPack, p0, kc, j0, j1);
                    PackA(aPack, p0, kc, i0, i1);
                    for (int s = 0; s < slivers; s++)
                    {
                        int jr = j0 + (s * NR);
                        int cols = Math.Min(NR, j1 - jr);
                        for (int r = 0; r < rowSlivers; r++)
                        {
                            int ir = i0 + (r * MR);
                            int rows = Math.Min(MR, i1 - ir);
                            if ((Structure.HasFlag(GemmStructure.UpperOutput) && ir >= jr + cols)
                                || (Structure.HasFlag(GemmStructure.LowerOutput) && jr >= ir + rows))
                            {
                                continue;
                            }

                            DgemmKernels.Run(Level, kc, aPack + ((long)r * kc * MR), bPack + ((long)s * kc * NR), c + ((long)ir * Ldc) + jr, Ldc, rows, cols);
                        }
                    }
                }
            }
            finally
            {
                NativeMemory.AlignedFree(aPack);
                NativeMemory.AlignedFree(bPack);
            }
        }

        /// <summary>Packs op(B)[p0..p0+kc, j0..j1) as NR-wide slivers, each kc rows of NR values.</summary>
        private void PackB(double* pack, int p0, int kc, int j0, int j1)
        {
            double* b = (double*)B;
            for (int jr = j0; jr < j1; jr += NR)
            {
                int cols = Math.Min(NR, j1 - jr);
                for (int p = 0; p < kc; p++)
                {
                    double* dst = pack + ((long)p * NR);
                    if (!TransB)
                    {
                        new ReadOnlySpan<double>(b + ((long)(p0 + p) * Ldb) + jr, cols).CopyTo(new Span<double>(dst, cols));
                    }
                    else
                    {
                        for (int j = 0; j < cols; j++)
                        {
                            dst[j] = b[((long)(jr + j) * Ldb) + p0 + p];
                        }
                    }

                    new Span<double>(dst + cols, NR - cols).Clear();
                }

                pack += (long)kc * NR;
            }
        }

        /// <summary>Packs op(A)[i0..i1, p0..p0+kc) as MR-tall slivers, each kc columns of MR values.</summary>
        private void PackA(double* pack, int p0, int kc, int i0, int i1)
        {
            double* a = (double*)A;
            for (int ir = i0; ir < i1; ir += MR)
            {
                int rows = Math.Min(MR, i1 - ir);
                if (TransA)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        double* dst = pack + ((long)p * MR);
                        new ReadOnlySpan<double>(a + ((long)(p0 + p) * Lda) + ir, rows).CopyTo(new Span<double>(dst, rows));
                        new Span<double>(dst + rows, MR - rows).Clear();
                    }
                }
                else
                {
                    for (int i = 0; i < MR; i++)
                    {
                        double* src = a + ((long)(ir + i) * Lda) + p0;
                        for (int p = 0; p < kc; p++)
                        {
                            pack[((long)p * MR) + i] = i < rows ? src[p] : 0.0;
                        }
                    }
                }

                pack += (long)kc * MR;
            }
        }
    }
}
