namespace Dcgan.Net.Tensors;

/// <summary>
/// Process-wide settings of the tensor engine.
/// </summary>
public static class EngineSettings
{
    /// <summary>Name of the environment variable that sets <see cref="ThreadCount"/> at start-up.</summary>
    public const string ThreadCountVariable = "DCGAN_NUM_THREADS";

    private static int s_threadCount = ReadThreadCountFromEnvironment();

    /// <summary>
    /// Number of worker threads the kernels may use. Default: the value of the environment variable
    /// <c>DCGAN_NUM_THREADS</c> when it holds a positive integer, otherwise <see cref="Environment.ProcessorCount"/>.
    /// Results never depend on this value: work is split into chunks whose bounds depend only on the problem size.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int ThreadCount
    {
        get => s_threadCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_threadCount = value;
        }
    }

    /// <summary>The thread count <paramref name="text"/> (the variable's value) asks for, else <paramref name="fallback"/>.</summary>
    internal static int ParseThreadCount(string? text, int fallback) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0 ? n : fallback;

    private static int ReadThreadCountFromEnvironment() =>
        ParseThreadCount(Environment.GetEnvironmentVariable(ThreadCountVariable), Environment.ProcessorCount);
}
