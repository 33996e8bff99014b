using System.Reflection;
using BenchmarkDotNet.Running;
using Dcgan.Net.Benchmarks;

// Plain commands (`step`, `gemm`, ...) print their result last, e.g. `gflops 250.1`; anything else
// is handed to BenchmarkDotNet (`bdn --filter *Sgemm*`).
var commands = typeof(Program).Assembly.GetTypes()
    .Where(t => typeof(IBenchmarkCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmarkCommand)Activator.CreateInstance(t)!)
    .ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: Dcgan.Net.Benchmarks <command> [options]   |   Dcgan.Net.Benchmarks bdn [BenchmarkDotNet args]");
    foreach (var c in commands.Values.OrderBy(c => c.Name))
    {
        Console.WriteLine($"  {c.Name,-10} {c.Description}");
    }

    return 0;
}

if (args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(Assembly.GetExecutingAssembly()).Run(args[1..]);
    return 0;
}

if (!commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine($"Unknown command '{args[0]}'. Run with --help for the list.");
    return 2;
}

return command.Run(CommandArguments.Parse(args[1..]));
