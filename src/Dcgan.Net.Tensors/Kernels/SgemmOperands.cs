namespace Dcgan.Net.Tensors.Kernels;

/// <summary>Pinned operands of one <see cref="Sgemm"/> product (see there for the layout).</summary>
internal readonly unsafe struct SgemmOperands
{
    public SgemmOperands(
        bool transA, bool transB, int m, int n, int k,
        float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate, bool parallel, float* packedA = null)
    {
        TransA = transA;
        TransB = transB;
        M = m;
        N = n;
        K = k;
        A = a;
        Lda = lda;
        B = b;
        Ldb = ldb;
        C = c;
        Ldc = ldc;
        Accumulate = accumulate;
        Parallel = parallel;
        PackedA = packedA;
    }

    public bool TransA { get; }

    public bool TransB { get; }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public float* A { get; }

    public nint Lda { get; }

    public float* B { get; }

    public nint Ldb { get; }

    public float* C { get; }

    public nint Ldc { get; }

    public bool Accumulate { get; }

    /// <summary>Whether the product may use more than the calling thread.</summary>
    public bool Parallel { get; }

    /// <summary>Op(A) packed whole in the kernel's panels (<see cref="SgemmPackedA"/>), or null to pack from <see cref="A"/>.</summary>
    public float* PackedA { get; }
}
