using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// A growable scratch buffer on the pinned object heap whose start is aligned to a cache line, so packed panels
/// can be streamed with full-width loads that never split a line. Owned by one cached driver; it grows to the
/// largest block seen and is then reused, so steady-state calls do not allocate.
/// </summary>
internal sealed unsafe class SgemmPackBuffer
{
    private const int AlignFloats = 16;

    private float[] _array = [];
    private float* _start;
    private long _capacity;

    /// <summary>Returns room for at least <paramref name="floats"/> values (contents undefined).</summary>
    public float* Get(long floats)
    {
        if (floats > _capacity)
        {
            long grown = Math.Max(floats, _capacity + (_capacity / 2));
            _array = GC.AllocateUninitializedArray<float>(checked((int)(grown + AlignFloats)), pinned: true);
            float* raw = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
            long misalignment = ((long)raw / sizeof(float)) % AlignFloats;
            _start = raw + ((AlignFloats - misalignment) % AlignFloats);
            _capacity = grown;
        }

        return _start;
    }
}
