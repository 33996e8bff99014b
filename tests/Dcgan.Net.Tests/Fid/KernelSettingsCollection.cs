namespace Dcgan.Net.Tests.Fid;

/// <summary>
/// Tests that switch process-wide kernel settings (<c>Dgemm.Level</c>, <c>EngineSettings.ThreadCount</c>) run in this
/// collection, one at a time and never beside other tests, so a switch cannot leak into a bit-for-bit comparison.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelSettingsCollection
{
    public const string Name = "Fid kernel settings";
}
