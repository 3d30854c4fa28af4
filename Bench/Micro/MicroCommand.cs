using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Orleans.Rec.Bench.Micro;

/// <summary>BenchmarkDotNet micro-benchmarks of the batcher and the profile → input path, in process.</summary>
public sealed class MicroCommand : IBenchmarkCommand
{
    public string Name => "micro";

    public string Description => "BenchmarkDotNet: batcher overhead and the profile -> input path (in process, short run)";

    public Task<int> RunAsync(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<BatcherMicroBenchmarks>(config, args);
        return Task.FromResult(summary.HasCriticalValidationErrors ? 1 : 0);
    }
}
