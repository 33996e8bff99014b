namespace Dcgan.Net.Benchmarks;

/// <summary>A plain (non-BenchmarkDotNet) benchmark command; one class per file under Commands/.</summary>
internal interface IBenchmarkCommand
{
    /// <summary>Name typed on the command line, e.g. <c>gemm</c>.</summary>
    string Name { get; }

    /// <summary>One line shown in the help.</summary>
    string Description { get; }

    /// <summary>Runs the command; the last line printed is the result (e.g. <c>gflops 250.1</c>).</summary>
    int Run(CommandArguments arguments);
}
