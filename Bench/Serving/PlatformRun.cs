using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Rec.Tools.Api;

namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// Orleans.Rec under load in one <see cref="ServingShape"/>: started by <c>./run.sh</c> (local profile, data in a
/// fresh folder), the model uploaded and activated through the REST API, the events posted and ingested; the load comes from <see cref="InterleavedLoad"/>.
/// </summary>
public static partial class PlatformRun
{
    /// <summary>Starts the platform in <paramref name="shape"/>, uploads and activates the model and posts the events; the caller owns (disposes) the target.</summary>
    public static async Task<ServingTarget> StartAsync(ServingWorkload workload, ServingShape shape, string modelDir, string work, PhaseLog log)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(log);
        var api = new Uri($"http://127.0.0.1:{ServingHttp.FreePort()}");
        var operatorKey = $"bench-operator-{Guid.NewGuid():N}";
        var shopKey = $"bench-shop-{Guid.NewGuid():N}";
        log.Write(shape.RecShape is null ? "starting ./run.sh (REC_SHAPE unset)" : $"starting REC_SHAPE={shape.RecShape} ./run.sh");
        var server = new ServedProcess("bash", [Path.Combine(workload.Root, "run.sh")], new Dictionary<string, string?>
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
        var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(10) };
        try
        {
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
            return new ServingTarget(shape.Name, server, pids, api, shopKey, http, version);
        }
        catch
        {
            http.Dispose();
            server.Stop();
            server.Dispose();
            throw;
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
}
