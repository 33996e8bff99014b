namespace Dcgan.Net.Tests.Kernels;

/// <summary>
/// Tests that change <see cref="Dcgan.Net.Tensors.EngineSettings.ThreadCount"/> (a process-wide setting) run in
/// this collection, alone, so that they neither race each other nor see another test's setting.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineThreadsCollection
{
    public const string Name = "Engine thread count";
}
