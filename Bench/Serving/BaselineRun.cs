using System.Diagnostics;
using Orleans.Rec.Tools.Api;

namespace Orleans.Rec.Bench.Serving;

/// <summary>The simplest alternative under the same load: <c>Bench -- simple-server</c> (<see cref="SimpleServer"/>) on the same model folder.</summary>
public static class BaselineRun
{
    public static async Task<ServingResult> RunAsync(ServingWorkload workload, string modelDir, PhaseLog log)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(log);
        var api = new Uri($"http://127.0.0.1:{ServingHttp.FreePort()}");
        var bench = Path.Combine(workload.Root, "Bench", "bin", workload.Configuration, "net10.0", "Orleans.Rec.Bench.dll");
        log.Write("starting Bench -- simple-server");
        using var server = new ServedProcess("dotnet", [bench, "simple-server", "--model", modelDir, "--urls", api.ToString().TrimEnd('/')], new Dictionary<string, string?>(), workload.Root);
        try
        {
            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
            await ServingHttp.WaitReadyAsync(http, server);
            log.Write($"ready (pid {server.Id})");
            await ServingHttp.PostEventsAsync(new RecApiClient(http, api), workload.Events, log);
            var cpuBefore = ProcessCpu.Seconds(server.Id);
            var clock = Stopwatch.StartNew();
            var load = await LoadGenerator.RunAsync(api, workload.Users, workload.Connections, workload.Warmup, workload.Duration, log);
            var cpu = (ProcessCpu.Seconds(server.Id) - cpuBefore) / clock.Elapsed.TotalSeconds * 100;
            log.Write($"CPU {cpu:N0}%, resident memory {ProcessMemory.ResidentBytes(server.Id) / 1e6:N0} MB");
            return new ServingResult(load, 1, cpu);
        }
        finally
        {
            log.Write("stopping");
            server.Stop();
        }
    }
}
