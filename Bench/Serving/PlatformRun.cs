using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Rec.Tools.Api;

namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// Orleans.Rec under load in one <see cref="ServingShape"/>: started by <c>./run.sh</c> (local profile, data in a
/// fresh folder), the model uploaded and activated through the REST API, the events posted and ingested, then the load.
/// </summary>
public static partial class PlatformRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ServingResult> RunAsync(ServingWorkload workload, ServingShape shape, string modelDir, string work, PhaseLog log)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(log);
        var api = new Uri($"http://127.0.0.1:{ServingHttp.FreePort()}");
        var operatorKey = $"bench-operator-{Guid.NewGuid():N}";
        var shopKey = $"bench-shop-{Guid.NewGuid():N}";
        log.Write(shape.RecShape is null ? "starting ./run.sh (REC_SHAPE unset)" : $"starting REC_SHAPE={shape.RecShape} ./run.sh");
        using var server = new ServedProcess("bash", [Path.Combine(workload.Root, "run.sh")], new Dictionary<string, string?>
        {
            ["REC_SHAPE"] = shape.RecShape,
            ["Rec__Auth__OperatorKeys__0"] = operatorKey,
            ["Rec__Auth__ShopKeys__0"] = shopKey,

            // One key drives the whole load: the per-key rate limit must not be what is measured.
            ["Rec__Auth__RateLimit__PermitLimit"] = "100000000",
            ["Rec__DataDir"] = Path.Combine(work, $"data-{shape.Name}"),
            ["ASPNETCORE_URLS"] = api.ToString().TrimEnd('/'),
            ["Rec__Cluster__SiloPort"] = ServingHttp.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Rec__Cluster__GatewayPort"] = ServingHttp.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Rec__Silo__HttpUrl"] = $"http://127.0.0.1:{ServingHttp.FreePort()}",
            ["REC_NO_BUILD"] = "1",
            ["REC_CONFIGURATION"] = workload.Configuration,
            ["Logging__LogLevel__Default"] = "Warning",
        }, workload.Root);
        try
        {
            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Add(RecApiClient.ApiKeyHeader, operatorKey);
            await ServingHttp.WaitReadyAsync(http, server);
            var pids = await ServerPidsAsync(server, shape);
            log.Write($"ready (pids {string.Join(", ", pids)})");

            var client = new RecApiClient(http, api, operatorKey);
            var clock = Stopwatch.StartNew();
            var uploaded = await client.UploadVersionAsync("recommender", Path.Combine(modelDir, "model.onnx"), Path.Combine(modelDir, "config.json"));
            var version = uploaded.Value?.Version ?? throw new InvalidOperationException($"upload failed: {uploaded.Problem}\n{server.Output}");
            log.Write($"uploaded version {version} in {clock.Elapsed.TotalSeconds:N1} s; activating");
            clock.Restart();
            var activated = await client.ActivateAsync("recommender", version);
            if (!activated.Succeeded)
            {
                throw new InvalidOperationException($"activation failed: {activated.Problem}\n{server.Output}");
            }

            log.Write($"activated in {clock.Elapsed.TotalSeconds:N1} s");
            await ServingHttp.PostEventsAsync(client, workload.Events, log);
            await ServingHttp.WaitIngestedAsync(http, workload.Events, log);

            var before = await StatusAsync(http, version);
            var cpuBefore = ProcessCpu.Seconds(pids);
            clock.Restart();
            var load = await LoadGenerator.RunAsync(api, workload.Users, workload.Connections, workload.Warmup, workload.Duration, log, apiKey: shopKey);
            var cpu = (ProcessCpu.Seconds(pids) - cpuBefore) / clock.Elapsed.TotalSeconds * 100;
            var after = await StatusAsync(http, version);
            var meanBatch = (after.Requests - before.Requests) / (double)Math.Max(1, after.Batches - before.Batches);
            log.Write($"mean batch {meanBatch:N1}, CPU {cpu:N0}%, resident memory {string.Join(" + ", pids.Select(p => $"{ProcessMemory.ResidentBytes(p) / 1e6:N0} MB"))}");
            return new ServingResult(load, meanBatch, cpu);
        }
        finally
        {
            log.Write("stopping");
            server.Stop();
        }
    }

    /// <summary>
    /// The server pids from run.sh's line: <c>silo pid=N on URL (REST API in the silo)</c> (co-hosted) or
    /// <c>silo pid=N, gateway pid=M on URL</c>. Throws when run.sh started another shape than the one asked for, so a
    /// run.sh without the co-hosted shape cannot be measured under that name.
    /// </summary>
    private static async Task<int[]> ServerPidsAsync(ServedProcess server, ServingShape shape)
    {
        for (var i = 0; i < 100; i++)
        {
            var match = PidLine().Match(server.Output);
            if (match.Success)
            {
                int[] pids = match.Groups[2].Success
                    ? [int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)]
                    : [int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)];
                if (pids.Length != shape.Processes)
                {
                    throw new InvalidOperationException(
                        $"asked for the {shape.Name} shape, but run.sh started {pids.Length} server process(es): '{match.Value}'. "
                        + (shape == ServingShape.CoHosted ? "This run.sh predates the co-hosted shape; run with --shapes gateway." : "This run.sh does not know REC_SHAPE=gateway."));
                }

                return pids;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"run.sh printed no 'silo pid=' line:\n{server.Output}");
    }

    [GeneratedRegex(@"silo pid=(\d+)(?:, gateway pid=(\d+))? on \S+")]
    private static partial Regex PidLine();

    private static async Task<(long Requests, long Batches)> StatusAsync(HttpClient http, int version)
    {
        var status = await http.GetFromJsonAsync<JsonElement>($"/v1/models/recommender/versions/{version}/status", Json);
        long requests = 0, batches = 0;
        foreach (var silo in status.GetProperty("silos").EnumerateArray())
        {
            requests += silo.GetProperty("requests").GetInt64();
            batches += silo.GetProperty("batches").GetInt64();
        }

        return (requests, batches);
    }
}
