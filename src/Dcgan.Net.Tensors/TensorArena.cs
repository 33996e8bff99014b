namespace Dcgan.Net.Tensors;

/// <summary>
/// Recycles tensor storage across repeated computations of the same shapes (a training step): while an arena is
/// active on a thread, every tensor the engine creates takes its storage from the arena, and when the activation
/// ends all of that storage returns to the arena's free lists for the next round. In steady state a training step
/// then allocates no large arrays, so it triggers no gen-2 collections.
/// </summary>
/// <remarks>
/// Tensors created inside an activation must not be used after it ends (their storage is reused). Copy out the
/// numbers you need first (<see cref="Tensor.Item"/>, <see cref="Tensor.ToArray"/>). Parameter gradients and
/// optimiser state are allocated outside any arena, so they survive.
/// </remarks>
public sealed class TensorArena
{
    [ThreadStatic]
    private static TensorArena? t_current;

    private readonly Dictionary<int, Stack<float[]>> _free = [];
    private readonly List<float[]> _rented = [];
    private bool _active;

    /// <summary>Arrays handed out in the current activation (zero between activations).</summary>
    public int RentedCount => _rented.Count;

    /// <summary>Starts using this arena on the calling thread until the returned scope is disposed.</summary>
    /// <exception cref="InvalidOperationException">The arena is already active.</exception>
    public Scope Activate()
    {
        if (_active)
        {
            throw new InvalidOperationException("This arena is already active.");
        }

        _active = true;
        var previous = t_current;
        t_current = this;
        return new Scope(this, previous);
    }

    /// <summary>Zeroed storage for <paramref name="count"/> floats: from the active arena when there is one.</summary>
    internal static float[] Allocate(int count)
    {
        var arena = t_current;
        if (arena is null || count == 0)
        {
            return new float[count];
        }

        float[] array;
        if (arena._free.TryGetValue(count, out var stack) && stack.Count > 0)
        {
            array = stack.Pop();
            Array.Clear(array);
        }
        else
        {
            array = new float[count];
        }

        arena._rented.Add(array);
        return array;
    }

    /// <summary>Storage that outlives any arena (parameter gradients, state).</summary>
    internal static float[] AllocatePersistent(int count) => new float[count];

    private void Release()
    {
        foreach (var array in _rented)
        {
            if (!_free.TryGetValue(array.Length, out var stack))
            {
                stack = new Stack<float[]>();
                _free[array.Length] = stack;
            }

            stack.Push(array);
        }

        _rented.Clear();
        _active = false;
    }

    /// <summary>Ends an activation: storage handed out since <see cref="Activate"/> becomes reusable.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly TensorArena _arena;
        private readonly TensorArena? _previous;

        internal Scope(TensorArena arena, TensorArena? previous)
        {
            _arena = arena;
            _previous = previous;
        }

        /// <summary>Returns the storage to the arena and restores the previously active arena, if any.</summary>
        public void Dispose()
        {
            t_current = _previous;
            _arena?.Release();
        }
    }
}
