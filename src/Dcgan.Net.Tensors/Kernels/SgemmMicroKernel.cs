namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// A register-blocked SGEMM micro-kernel together with the cache blocking it is tuned for.
/// It multiplies an A panel (Mr values of op(A) per k, consecutive, k steps <c>aStride</c> apart) by a B panel
/// (width values of op(B) per k, consecutive, k steps <c>bStride</c> apart; width a multiple of
/// <see cref="PanelStep"/> up to <see cref="Nr"/>) and writes the top-left rows x cols corner of the Mr x width
/// tile into C, adding to C when asked. Packed panels have strides Mr and width; a transposed A or a plain B can
/// also be read in place with their leading dimension as stride.
/// </summary>
internal unsafe interface ISgemmMicroKernel
{
    /// <summary>Rows of C per tile (rows of a packed A panel).</summary>
    static abstract int Mr { get; }

    /// <summary>Widest tile in columns of C (columns of a full packed B panel).</summary>
    static abstract int Nr { get; }

    /// <summary>Packed B panels are this many columns wide, or a multiple of it (one vector).</summary>
    static abstract int PanelStep { get; }

    /// <summary>Depth of a packed block: each C element is summed in this order, kc at a time.</summary>
    static abstract int Kc { get; }

    /// <summary>Rows of the A block one task keeps in its L2 cache (a multiple of <see cref="Mr"/>).</summary>
    static abstract int Mc { get; }

    /// <summary>Columns of the B block packed at once (a multiple of <see cref="Nr"/>).</summary>
    static abstract int Nc { get; }

    /// <summary>
    /// <c>C[r, j] = (add ? C[r, j] : 0) + sum_p a[p * aStride + r] * b[p * bStride + j]</c> for r &lt; rows, j &lt; cols.
    /// Reads all Mr values of A and all width values of B per k step, whatever rows and cols are.
    /// </summary>
    static abstract void Run(int kc, float* a, nint aStride, float* b, nint bStride, int width, float* c, nint ldc, int rows, int cols, bool add);
}

/// <summary>Number of vectors across a B panel; lets one generic tile body compile to each width.</summary>
internal interface IPanelVectors
{
    /// <summary>Vectors per row of the tile.</summary>
    static abstract int Count { get; }
}

/// <summary>One vector across.</summary>
internal readonly struct OneVector : IPanelVectors
{
    public static int Count => 1;
}

/// <summary>Two vectors across.</summary>
internal readonly struct TwoVectors : IPanelVectors
{
    public static int Count => 2;
}

/// <summary>Three vectors across.</summary>
internal readonly struct ThreeVectors : IPanelVectors
{
    public static int Count => 3;
}
