namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// What a pickle may name and call. The reader itself executes nothing: every global, call and persistent id goes
/// through a resolver, which refuses whatever it does not know with <see cref="InvalidDataException"/>.
/// </summary>
internal interface IPickleResolver
{
    /// <summary>Returns a token standing for <paramref name="module"/>.<paramref name="name"/>, or throws if not allowed.</summary>
    object ResolveGlobal(string module, string name, long offset);

    /// <summary>Applies a global token to its arguments (REDUCE, and NEWOBJ with <paramref name="isNewObj"/>).</summary>
    object? Call(object callable, object?[] args, bool isNewObj, long offset);

    /// <summary>Applies BUILD's <paramref name="state"/> to <paramref name="target"/>.</summary>
    void Build(object? target, object? state, long offset);

    /// <summary>Turns a persistent id (BINPERSID) into an object.</summary>
    object? PersistentLoad(object? pid, long offset);
}
