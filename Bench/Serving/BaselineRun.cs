using Orleans.Rec.Tools.Api;

namespace Orleans.Rec.Bench.Serving;

/// <summary>The simplest alternative under the same load: <c>Bench -- simple-server</c> (<see cref="SimpleServer"/>) on the same model folder.</summary>
public static class BaselineRun
{
    /// <summary>Starts the baseline server and posts the events; the caller owns (disposes) the target.</summary>
    public static async Task<ServingTarget> StartAsync(ServingWorkload workload, string modelDir, PhaseLog log)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(log);
        var api = new Uri($"http://127.0.0.1:{ServingHttp.FreePort()}");
        var bench = Path.Combine(workload.Root, "Bench", "bin", workload.Configuration, "net10.0", "Orleans.Rec.Bench.dll");
        log.Write("starting Bench -- simple-server");
        var server = new ServedProcess("dotnet", [bench, "simple-server", "--model", modelDir, "--urls", api.ToString().TrimEnd('/')], new Dictionary<string, string?>(), workload.Root);
        try
        {
            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
            await ServingHttp.WaitReadyAsync(http, server);
            log.Write($"ready (pid {server.Id})");
            await ServingHttp.PostEventsAsync(new RecApiClient(http, api), workload.Events, log);
            return new ServingTarget("simple", server, [server.Id], api, apiKey: null);
        }
        catch
        {
            server.Stop();
            server.Dispose();
            throw;
        }
    }
}
