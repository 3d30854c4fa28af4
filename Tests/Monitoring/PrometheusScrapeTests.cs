using System.Globalization;
using System.Net;
using System.Text.Json;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>
/// A real Prometheus (Debian's <c>/usr/bin/prometheus</c>) with the repository's scrape config and alert rules,
/// pointed at <c>./run.sh</c>'s silo and gateway (real processes): both targets are up — the gateway's with the
/// operator key sent as <c>Authorization: ApiKey</c> — and the <c>rec_*</c> series of real requests arrive; the
/// gateway's Orleans Dashboard shows the running silo.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private const string Prometheus = "/usr/bin/prometheus";

    private static readonly string[] Alerts = ["RecCpuHigh", "RecDeadLetterRateHigh", "RecErrorRatioHigh", "RecGcPauseHigh", "RecKafkaLagHigh", "RecP99LatencyHigh", "RecShedRatioHigh", "RecThreadPoolQueueHigh"];

    [ExecutableFact(Prometheus, "prometheus")]
    public async Task Prometheus_WithTheRepositoryConfig_ScrapesSiloAndGatewayAndSeesRealRequests()
    {
        using var work = new TempDirectory("rec-prom");
        var api = $"http://127.0.0.1:{FreePort.Next()}";
        var silo = $"127.0.0.1:{FreePort.Next()}";
        using var platform = ChildProcess.Start("bash", [Path.Combine(Repository.Root, "run.sh")], new Dictionary<string, string>
        {
            ["Rec__DataDir"] = Path.Combine(work.Path, "data"),
            ["ASPNETCORE_URLS"] = api,
            ["Rec__Silo__HttpUrl"] = $"http://{silo}",
            ["Rec__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Rec__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["REC_NO_BUILD"] = "1",
            ["REC_CONFIGURATION"] = Repository.Configuration,
        });
        using var http = new HttpClient { BaseAddress = new Uri(api) };
        var ready = await Eventually.GetAsync(() => http.StatusOfAsync("/health/ready"), s => s == HttpStatusCode.OK || platform.HasExited, TimeSpan.FromSeconds(90));
        Assert.True(ready == HttpStatusCode.OK, $"the platform did not become ready ({ready}):\n{platform.Output}");
        var keys = JsonSerializer.Deserialize<ApiKeyFile>(await File.ReadAllTextAsync(Path.Combine(work.Path, "data", ApiKeyStore.FileName)), ApiCalls.Json)!;
        http.DefaultRequestHeaders.Add(RecRoles.ApiKeyHeader, keys.OperatorKeys[0]);

        // Real traffic: a model, one user with a history, five recommendations.
        var model = ApiCalls.NewId("prom");
        var items = TinyModel.ItemsFor(model);
        await http.DeployTinyModelAsync(model, items);
        var user = ApiCalls.NewId("user");
        await http.SeedUsersAsync([user], items[0]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(1, (await http.RecommendAsync(user, 2, model)).Version);
        }

        // The repository's config and rules as they are, with this run's addresses, a 1 s interval and the key file.
        var config = Path.Combine(work.Path, "prometheus");
        Directory.CreateDirectory(Path.Combine(config, "rules"));
        File.Copy(Path.Combine(Repository.Root, "infra", "prometheus", "rules", "orleans-rec.rules.yml"), Path.Combine(config, "rules", "orleans-rec.rules.yml"));
        await File.WriteAllTextAsync(Path.Combine(config, "operator.key"), keys.OperatorKeys[0]);
        var gateway = api["http://".Length..];
        var yaml = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "infra", "prometheus", "prometheus.yml"));
        foreach (var (from, to) in new[] { ("scrape_interval: 15s", "scrape_interval: 1s"), ("evaluation_interval: 15s", "evaluation_interval: 1s"), ("\"127.0.0.1:5081\"", $"\"{silo}\""), ("\"127.0.0.1:5080\"", $"\"{gateway}\"") })
        {
            Assert.Contains(from, yaml, StringComparison.Ordinal);
            yaml = yaml.Replace(from, to, StringComparison.Ordinal);
        }

        await File.WriteAllTextAsync(Path.Combine(config, "prometheus.yml"), yaml);
        var prometheusUrl = $"http://127.0.0.1:{FreePort.Next()}";
        using var prometheus = ChildProcess.Start(
            Prometheus,
            [$"--config.file={Path.Combine(config, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(work.Path, "tsdb")}", $"--web.listen-address={prometheusUrl["http://".Length..]}"],
            workingDirectory: config);
        using var query = new HttpClient { BaseAddress = new Uri(prometheusUrl) };

        var up = await Eventually.GetAsync(
            () => QueryAsync(query, $"up{{instance=~\"{silo}|{gateway}\"}}"),
            r => r.Count(s => s.Value == "1") == 2 || prometheus.HasExited,
            TimeSpan.FromSeconds(60));
        Assert.True(up.Count(s => s.Value == "1") == 2, $"up: {string.Join(", ", up)}\n{prometheus.Output}");
        Assert.Equal(["orleans-rec-gateway 1", "orleans-rec-silo 1"], up.Select(s => $"{s.Labels["job"]} {s.Value}").Order(StringComparer.Ordinal));

        var requests = await Eventually.GetAsync(
            () => QueryAsync(query, $"sum(rec_inference_requests_total{{job=\"orleans-rec-silo\",model=\"{model}\",version=\"1\"}})"),
            r => r.Count == 1 && double.Parse(r[0].Value, CultureInfo.InvariantCulture) >= 5,
            TimeSpan.FromSeconds(30));
        Assert.True(requests.Count == 1 && double.Parse(requests[0].Value, CultureInfo.InvariantCulture) >= 5, $"rec_inference_requests_total: {string.Join(", ", requests)}");

        // The latency histogram the p99 alert reads exists under the name the rules use, with every request counted.
        var latency = await Eventually.GetAsync(
            () => QueryAsync(query, $"sum(rec_inference_latency_milliseconds_count{{job=\"orleans-rec-silo\",model=\"{model}\",version=\"1\"}})"),
            r => r.Count == 1 && double.Parse(r[0].Value, CultureInfo.InvariantCulture) >= 5,
            TimeSpan.FromSeconds(30));
        Assert.True(latency.Count == 1 && double.Parse(latency[0].Value, CultureInfo.InvariantCulture) >= 5, $"rec_inference_latency_milliseconds_count: {string.Join(", ", latency)}");
        var buckets = await QueryAsync(query, $"count(rec_inference_latency_milliseconds_bucket{{job=\"orleans-rec-silo\",model=\"{model}\",version=\"1\"}})");
        Assert.Equal([Orleans.Rec.Inference.LatencyBuckets.Count.ToString(CultureInfo.InvariantCulture)], buckets.Select(b => b.Value));

        // The gateway's own series came through its operator-only endpoint.
        var gatewayHttp = await QueryAsync(query, "count(http_server_request_duration_seconds_count{job=\"orleans-rec-gateway\"})");
        Assert.True(gatewayHttp.Count == 1 && double.Parse(gatewayHttp[0].Value, CultureInfo.InvariantCulture) >= 1, $"gateway series: {string.Join(", ", gatewayHttp)}");

        // Resource figures: the .NET runtime's own meter on both scrape targets; no GPU series without a GPU.
        var cpu = await QueryAsync(query, "count by (job) (dotnet_process_cpu_time_seconds_total)");
        Assert.Equal(["orleans-rec-gateway", "orleans-rec-silo"], cpu.Select(s => s.Labels["job"]).Order(StringComparer.Ordinal));
        foreach (var series in new[] { "dotnet_process_memory_working_set_bytes", "dotnet_gc_pause_time_seconds_total", "dotnet_thread_pool_queue_length_total", "dotnet_thread_pool_thread_count_total" })
        {
            Assert.True((await QueryAsync(query, $"{series}{{job=\"orleans-rec-silo\"}}")).Count >= 1, $"{series} is scraped from the silo");
        }

        if (Orleans.Rec.Diagnostics.GpuMonitor.Current is null)
        {
            Assert.Empty(await QueryAsync(query, "{__name__=~\"rec_gpu_.*\"}"));
        }

        // The repository's alert rules loaded and evaluate cleanly against the real series.
        var rules = await Eventually.GetAsync(() => RulesAsync(query), r => r.Count == Alerts.Length && r.All(x => x.Health == "ok"), TimeSpan.FromSeconds(30));
        Assert.Equal(Alerts.Select(a => $"{a} ok"), rules.Select(r => $"{r.Name} {r.Health}").Order(StringComparer.Ordinal));

        // The gateway's Orleans Dashboard reads the running silo's dashboard grains.
        using var counters = await http.GetAsync("/dashboard/DashboardCounters");
        var countersJson = await counters.Content.ReadAsStringAsync();
        Assert.True(counters.StatusCode == HttpStatusCode.OK, $"dashboard counters: {counters.StatusCode} {countersJson}");
        using (var dashboard = JsonDocument.Parse(countersJson))
        {
            var host = Assert.Single(dashboard.RootElement.GetProperty("hosts").EnumerateArray());
            Assert.Equal("Active", host.GetProperty("status").GetString());
            Assert.Contains(
                dashboard.RootElement.GetProperty("simpleGrainStats").EnumerateArray(),
                g => g.GetProperty("grainType").GetString() == "Orleans.Rec.Models.ModelCatalogGrain");
        }

        platform.Terminate();
        Assert.True(await platform.WaitAsync(TimeSpan.FromSeconds(45)) is not null, $"run.sh did not stop on SIGTERM:\n{platform.Output}");
    }

    private static async Task<List<Sample>> QueryAsync(HttpClient prometheus, string promql)
    {
        try
        {
            using var document = JsonDocument.Parse(await prometheus.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}"));
            return document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                .Select(r => new Sample(
                    r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
                    r.GetProperty("value")[1].GetString() ?? ""))
                .ToList();
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    private static async Task<List<(string Name, string Health)>> RulesAsync(HttpClient prometheus)
    {
        try
        {
            using var document = JsonDocument.Parse(await prometheus.GetStringAsync("/api/v1/rules"));
            return document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray())
                .Select(r => (r.GetProperty("name").GetString() ?? "", r.GetProperty("health").GetString() ?? ""))
                .ToList();
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    private sealed record Sample(Dictionary<string, string> Labels, string Value)
    {
        public override string ToString() => $"{{{string.Join(',', Labels.Select(l => $"{l.Key}={l.Value}"))}}} {Value}";
    }
}
