namespace Dcgan.Net.Tensors.Autograd;

/// <summary>
/// Whether operations on the current thread are recorded for autograd. Use <see cref="NoGrad"/> for
/// inference and parameter updates.
/// </summary>
public static class GradMode
{
    [ThreadStatic]
    private static bool t_disabled;

    /// <summary>True when operations are recorded (the default).</summary>
    public static bool IsEnabled => !t_disabled;

    /// <summary>Disables recording until the returned scope is disposed (scopes nest).</summary>
    public static Scope NoGrad() => new(enabled: false);

    /// <summary>Sets recording on or off until the returned scope is disposed.</summary>
    public static Scope Set(bool enabled) => new(enabled);

    /// <summary>Restores the previous grad mode when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _previousDisabled;

        internal Scope(bool enabled)
        {
            _previousDisabled = t_disabled;
            t_disabled = !enabled;
        }

        /// <summary>Restores the previous mode.</summary>
        public void Dispose() => t_disabled = _previousDisabled;
    }
}
