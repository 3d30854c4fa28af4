using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Rec.Bench.Inference;
using Orleans.Rec.Tools.Api;
using Orleans.Rec.Tools.Data;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// End to end over HTTP, in one run: the platform started by <c>./run.sh</c> (silo + gateway) and the simplest
/// alternative (<see cref="SimpleServer"/>), same model, same real user histories (Taobao slice), same closed-loop
/// load; plus the raw ONNX Runtime limit for the same model. Repeated for each catalog size.
/// </summary>
public sealed partial class ServingBenchmark : IBenchmarkCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "serving";

    public string Description => "HTTP load: ours (run.sh) vs the no-batching baseline vs raw ORT [--catalogs 20000,100000] [--connections 128] [--seconds 15]";

    public async Task<int> RunAsync(string[] args)
    {
        var root = RepositoryRoot();
        var eventsPath = InferenceBenchmark.Arg(args, "--events", Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "taobao_userbehavior_atguigu_slice", "UserBehavior.csv")));
        var catalogs = InferenceBenchmark.Arg(args, "--catalogs", "20000,100000").Split(',').Select(int.Parse).ToArray();
        var connections = InferenceBenchmark.Arg(args, "--connections", 128);
        var seconds = InferenceBenchmark.Arg(args, "--seconds", 15);
        var warmup = InferenceBenchmark.Arg(args, "--warmup", 5);
        var dims = InferenceBenchmark.Arg(args, "--dims", 64);
        var configuration = InferenceBenchmark.Arg(args, "--configuration", "Release");

        Console.Error.WriteLine($"reading {eventsPath}...");
        var events = EventLog.Open(eventsPath).Read().ToList();
        var itemsByPopularity = events.GroupBy(e => e.ItemId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToArray();
        var users = events.GroupBy(e => e.UserId).Where(g => g.Count() >= 2).Select(g => g.Key).ToArray();
        var dtos = events.Select(EventDto.From).ToArray();
        Console.Error.WriteLine($"{events.Count} events, {itemsByPopularity.Length} items, {users.Length} users with >= 2 events (the load picks among them)");

        var rows = new List<string>();
        foreach (var catalog in catalogs)
        {
            using var work = new TempFolder();
            var modelDir = Path.Combine(work.Path, "model");
            Directory.CreateDirectory(modelDir);
            var (artifact, config) = SyntheticModel.Create(catalog, dims, 50, itemsByPopularity);
            await File.WriteAllBytesAsync(Path.Combine(modelDir, "model.onnx"), artifact);
            await File.WriteAllTextAsync(Path.Combine(modelDir, "config.json"), JsonSerializer.Serialize(config, Json));
            Console.Error.WriteLine($"catalog {catalog} x {dims}: model {artifact.Length / 1e6:N1} MB");

            var ours = await RunOursAsync(root, configuration, work.Path, modelDir, dtos, users, connections, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds));
            var simple = await RunSimpleAsync(root, configuration, modelDir, dtos, users, connections, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds));
            var formed = Math.Max(1, (int)Math.Round(ours.MeanBatch));
            var limit = RawLimit(artifact, config, formed, TimeSpan.FromSeconds(Math.Min(seconds, 5)));

            rows.Add($"| {catalog:N0} × {dims} | raw ONNX Runtime at batch {formed} (the limit, no HTTP) | — | {limit:N0} | — | — | — | {formed} | 200% |");
            rows.Add(Row(catalog, dims, $"Orleans.Rec (`./run.sh`: silo + gateway)", connections, ours.Load, ours.MeanBatch.ToString("N1", CultureInfo.InvariantCulture), ours.CpuPercent));
            rows.Add(Row(catalog, dims, "simple alternative (minimal API, one ORT run per request)", connections, simple.Load, "1", simple.CpuPercent));
            rows.Add($"| | **ours / simple** | | **{ours.Load.RequestsPerSecond / simple.Load.RequestsPerSecond:N2}×** | | | | | |");
        }

        Console.WriteLine($"| catalog | system | connections | requests/s | p50 ms | p95 ms | p99 ms | mean batch | server CPU |");
        Console.WriteLine($"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static string Row(int catalog, int dims, string system, int connections, LoadGenerator.Result r, string batch, double cpu) =>
        string.Create(CultureInfo.InvariantCulture, $"| {catalog:N0} × {dims} | {system} | {connections} | {r.RequestsPerSecond:N0} | {r.P50:N1} | {r.P95:N1} | {r.P99:N1} | {batch} | {cpu:N0}% |")
        + (r.Errors > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({r.Errors} errors)") : "");

    private sealed record SystemResult(LoadGenerator.Result Load, double MeanBatch, double CpuPercent);

    private static async Task<SystemResult> RunOursAsync(string root, string configuration, string work, string modelDir, EventDto[] events, string[] users, int connections, TimeSpan warmup, TimeSpan duration)
    {
        var api = new Uri($"http://127.0.0.1:{FreePort()}");
        var operatorKey = $"bench-operator-{Guid.NewGuid():N}";
        var shopKey = $"bench-shop-{Guid.NewGuid():N}";
        using var server = new ServedProcess("bash", [Path.Combine(root, "run.sh")], new Dictionary<string, string>
        {
            ["Rec__Auth__OperatorKeys__0"] = operatorKey,
            ["Rec__Auth__ShopKeys__0"] = shopKey,

            // One key drives the whole load: the per-key rate limit must not be what is measured.
            ["Rec__Auth__RateLimit__PermitLimit"] = "100000000",
            ["Rec__DataDir"] = Path.Combine(work, "data"),
            ["ASPNETCORE_URLS"] = api.ToString().TrimEnd('/'),
            ["Rec__Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Rec__Cluster__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Rec__Silo__HttpUrl"] = $"http://127.0.0.1:{FreePort()}",
            ["REC_NO_BUILD"] = "1",
            ["REC_CONFIGURATION"] = configuration,
            ["Logging__LogLevel__Default"] = "Warning",
        }, root);
        try
        {
            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add(RecApiClient.ApiKeyHeader, operatorKey);
            await WaitReadyAsync(http, server);
            var client = new RecApiClient(http, api, operatorKey);
            var uploaded = await client.UploadVersionAsync("recommender", Path.Combine(modelDir, "model.onnx"), Path.Combine(modelDir, "config.json"));
            var version = uploaded.Value?.Version ?? throw new InvalidOperationException($"upload failed: {uploaded.Problem}\n{server.Output}");
            var activated = await client.ActivateAsync("recommender", version);
            if (!activated.Succeeded)
            {
                throw new InvalidOperationException($"activation failed: {activated.Problem}");
            }

            await PostEventsAsync(client, events);
            await WaitIngestedAsync(http, events);

            var pids = ServerPids(server.Output);
            var before = await StatusAsync(http, version);
            var cpuBefore = ProcessCpu.Seconds(pids);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var load = await LoadGenerator.RunAsync(api, users, connections, warmup, duration, apiKey: shopKey);
            var cpu = (ProcessCpu.Seconds(pids) - cpuBefore) / clock.Elapsed.TotalSeconds * 100;
            var after = await StatusAsync(http, version);
            var meanBatch = (after.Requests - before.Requests) / (double)Math.Max(1, after.Batches - before.Batches);
            return new SystemResult(load, meanBatch, cpu);
        }
        finally
        {
            server.Stop();
        }
    }

    private static async Task<SystemResult> RunSimpleAsync(string root, string configuration, string modelDir, EventDto[] events, string[] users, int connections, TimeSpan warmup, TimeSpan duration)
    {
        var api = new Uri($"http://127.0.0.1:{FreePort()}");
        var bench = Path.Combine(root, "Bench", "bin", configuration, "net10.0", "Orleans.Rec.Bench.dll");
        using var server = new ServedProcess("dotnet", [bench, "simple-server", "--model", modelDir, "--urls", api.ToString().TrimEnd('/')], new Dictionary<string, string>(), root);
        try
        {
            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
            await WaitReadyAsync(http, server);
            await PostEventsAsync(new RecApiClient(http, api), events);
            var cpuBefore = ProcessCpu.Seconds(server.Id);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var load = await LoadGenerator.RunAsync(api, users, connections, warmup, duration);
            var cpu = (ProcessCpu.Seconds(server.Id) - cpuBefore) / clock.Elapsed.TotalSeconds * 100;
            return new SystemResult(load, 1, cpu);
        }
        finally
        {
            server.Stop();
        }
    }

    private static double RawLimit(byte[] artifact, Orleans.Rec.Models.ModelConfig config, int batch, TimeSpan duration)
    {
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(artifact);
        var random = new Random(3);
        var histories = Enumerable.Range(0, 256).Select(_ => Enumerable.Range(0, 50).Select(_ => (long)random.Next(1, config.ItemIds.Length + 1)).ToArray()).ToArray();
        var runs = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, c =>
        {
            var input = histories.Skip(c).Take(batch).SelectMany(h => h).ToArray();
            var rows = input.Length / 50;
            using var history = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(input, [rows, 50]);
            using var k = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(new long[] { 10 }, [1]);
            using var options = new Microsoft.ML.OnnxRuntime.RunOptions();
            while (clock.Elapsed < duration)
            {
                using var result = session.Run(options, [RecommenderOnnxBuilder.HistoryInput, RecommenderOnnxBuilder.TopKInput], [history, k], [RecommenderOnnxBuilder.ScoresOutput, RecommenderOnnxBuilder.ItemsOutput]);
                Interlocked.Add(ref runs, rows);
            }
        });
        return runs / clock.Elapsed.TotalSeconds;
    }

    private static async Task PostEventsAsync(RecApiClient client, EventDto[] events)
    {
        foreach (var chunk in events.Chunk(1000))
        {
            var result = await client.PostEventsAsync(chunk);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"posting events failed: {result.Problem}");
            }
        }
    }

    /// <summary>Events travel through a stream: wait until the last user's profile holds all of its events.</summary>
    private static async Task WaitIngestedAsync(HttpClient http, EventDto[] events)
    {
        var last = events[^1].UserId;
        var expected = events.Where(e => e.UserId == last).Select(e => e.EventId).Distinct().Count();
        for (var i = 0; i < 600; i++)
        {
            var profile = await http.GetFromJsonAsync<JsonElement>($"/v1/users/{Uri.EscapeDataString(last)}/profile", Json);
            if (profile.GetProperty("eventCount").GetInt64() >= expected)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("events were not ingested within a minute");
    }

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

    private static async Task WaitReadyAsync(HttpClient http, ServedProcess server)
    {
        for (var i = 0; i < 1200; i++)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the server did not become ready:\n{server.Output}");
    }

    private static int[] ServerPids(string output)
    {
        var match = PidLine().Match(output);
        return match.Success
            ? [int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)]
            : [];
    }

    [GeneratedRegex(@"silo pid=(\d+), gateway pid=(\d+)")]
    private static partial Regex PidLine();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Orleans.Rec.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from the repository's build output");
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rec-bench-{Guid.NewGuid():N}");

        public TempFolder() => Directory.CreateDirectory(Path);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleanup.
            }
        }
    }
}
