using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Orleans.Rec.Bench.Inference;
using Orleans.Rec.Bench.Serving;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Api;
using Orleans.Rec.Tools.Data;
using Orleans.Rec.Tools.Kafka;

namespace Orleans.Rec.Bench.Kafka;

/// <summary>
/// <c>kafka-push</c>: the recommendation loop end to end. <c>./run.sh</c> (one silo, local profile) reads the mock
/// cluster's <c>user_history</c> topic and pushes lists to <c>recommendations</c>; real DIGINETICA sessions act in rounds
/// (each user a burst of views, all users at once), produced by a plain Confluent producer; a plain consumer reads the
/// lists. Measured per timed round, from its first event produced to its last list consumed: events/s in, lists/s out,
/// and per list the latency from its trigger event produced to the list consumed (debounce window included).
/// </summary>
public sealed class KafkaPushBenchmark : IBenchmarkCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "kafka-push";

    public string Description => "Push mode end to end: DIGINETICA bursts → Kafka → silo → pushed lists consumed [--rounds 3] [--warmup-rounds 1] [--burst 4] [--users 0=all] [--debounce-ms 200] [--partitions 8] [--dims 64] [--data CSV]";

    public async Task<int> RunAsync(string[] args)
    {
        var rounds = IntArg(args, "--rounds", 3);
        var warmupRounds = IntArg(args, "--warmup-rounds", 1);
        var burst = IntArg(args, "--burst", 4);
        var maxUsers = IntArg(args, "--users", 0);
        var debounce = TimeSpan.FromMilliseconds(IntArg(args, "--debounce-ms", 200));
        var partitions = IntArg(args, "--partitions", 8);
        var dims = IntArg(args, "--dims", 64);
        var data = StringArg(args, "--data") ?? LocateDiginetica();
        if (data is null || !File.Exists(data))
        {
            Console.Error.WriteLine("DIGINETICA sample_train-item-views.csv not found: pass --data PATH or put ../shared/data beside the repository.");
            return 2;
        }

        var log = new PhaseLog("kafka-push");
        var views = DigineticaReader.FromFile(data).Read().Where(e => e.Type == InteractionType.View).ToArray();
        var items = views.Select(e => e.ItemId).Distinct(StringComparer.Ordinal).ToArray();
        var sessions = views.GroupBy(e => e.UserId, StringComparer.Ordinal).Select(g => g.OrderBy(e => e.Timestamp).Select(e => e.ItemId).ToArray()).ToArray();
        if (maxUsers > 0)
        {
            sessions = sessions.Take(maxUsers).ToArray();
        }

        var root = RepositoryRoot();
        using var work = new TempFolder();
        var (artifact, config) = SyntheticModel.Create(items.Length, dims, historyLength: 50, itemIds: items);
        await File.WriteAllBytesAsync(Path.Combine(work.Path, "model.onnx"), artifact);
        await File.WriteAllTextAsync(Path.Combine(work.Path, "config.json"), JsonSerializer.Serialize(config, Json));

        using var mock = new KafkaMockCluster(brokers: 1);
        mock.CreateTopic(KafkaSettings.DefaultUserHistoryTopic, partitions);
        mock.CreateTopic(KafkaSettings.DefaultUserHistoryTopic + ".dlq", 1);
        mock.CreateTopic(KafkaSettings.DefaultRecommendationsTopic, 4);
        log.Write($"mock cluster {mock.BootstrapServers}; {sessions.Length:N0} users (DIGINETICA sessions), {items.Length:N0} items × {dims} dims; bursts of {burst} views; debounce {debounce.TotalMilliseconds:N0} ms");

        var api = new Uri($"http://127.0.0.1:{ServingHttp.FreePort()}");
        var operatorKey = $"bench-operator-{Guid.NewGuid():N}";
        using var server = new ServedProcess("bash", [Path.Combine(root, "run.sh")], new Dictionary<string, string?>
        {
            ["Rec__Auth__OperatorKeys__0"] = operatorKey,
            ["Rec__DataDir"] = Path.Combine(work.Path, "data"),
            ["ASPNETCORE_URLS"] = api.ToString().TrimEnd('/'),
            ["Rec__Cluster__SiloPort"] = ServingHttp.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Rec__Cluster__GatewayPort"] = ServingHttp.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Rec__Silo__HttpUrl"] = $"http://127.0.0.1:{ServingHttp.FreePort()}",
            ["Rec__Streaming__Provider"] = "Kafka",
            ["Rec__Kafka__BootstrapServers"] = mock.BootstrapServers,
            ["REC_NO_BUILD"] = "1",
            ["REC_CONFIGURATION"] = "Release",
            ["Logging__LogLevel__Default"] = "Warning",
        }, root);
        try
        {
            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add(RecApiClient.ApiKeyHeader, operatorKey);
            await ServingHttp.WaitReadyAsync(http, server);
            var client = new RecApiClient(http, api, operatorKey);
            var uploaded = await client.UploadVersionAsync("recommender", Path.Combine(work.Path, "model.onnx"), Path.Combine(work.Path, "config.json"));
            var version = uploaded.Value?.Version ?? throw new InvalidOperationException($"upload failed: {uploaded.Problem}\n{server.Output}");
            var activated = await client.ActivateAsync("recommender", version);
            if (!activated.Succeeded)
            {
                throw new InvalidOperationException($"activation failed: {activated.Problem}\n{server.Output}");
            }

            var serving = ServingConfig.From(config) with { Push = new PushConfig { Enabled = true, K = 10, Debounce = debounce, MaxDelay = TimeSpan.FromSeconds(10) } };
            using (var put = await http.PutAsJsonAsync($"/v1/models/recommender/versions/{version}/config", serving, Json))
            {
                put.EnsureSuccessStatusCode();
            }

            await WaitPushingAsync(http);
            log.Write($"version {version} active, push on");

            using var producer = new ProducerBuilder<string, string>(new ProducerConfig
            {
                BootstrapServers = mock.BootstrapServers,
                LingerMs = 2,
                QueueBufferingMaxMessages = 1_000_000,
            }).Build();
            using var consumer = new PushListConsumer(mock.BootstrapServers, KafkaSettings.DefaultRecommendationsTopic, 4);
            var run = Guid.NewGuid().ToString("N")[..8];
            var timed = new List<(int Events, double Seconds)>();
            for (var round = 1; round <= warmupRounds + rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                var events = 0;
                for (var u = 0; u < sessions.Length; u++)
                {
                    var user = $"{run}-{u}";
                    for (var i = 0; i < burst; i++)
                    {
                        var item = sessions[u][((round - 1) * burst + i) % sessions[u].Length];
                        producer.Produce(KafkaSettings.DefaultUserHistoryTopic, new Message<string, string>
                        {
                            Key = user,
                            Value = $$"""{"eventId":"{{run}}-{{round}}-{{u}}-{{i}}","userId":"{{user}}","itemId":"{{item}}","type":"view"}""",
                        });
                        events++;
                    }
                }

                producer.Flush(TimeSpan.FromSeconds(60));
                var produced = clock.Elapsed.TotalSeconds;
                var deadline = TimeSpan.FromMinutes(3);
                while (consumer.CountOf(round) < sessions.Length && clock.Elapsed < deadline)
                {
                    await Task.Delay(5);
                }

                var seconds = clock.Elapsed.TotalSeconds;
                var got = consumer.CountOf(round);
                var tag = round <= warmupRounds ? "warm-up round (not timed)" : "round";
                log.Write($"{tag} {round}: {events:N0} events produced in {produced:F2} s; {got:N0}/{sessions.Length:N0} lists consumed after {seconds:F2} s");
                if (got < sessions.Length)
                {
                    Console.Error.WriteLine($"round {round}: only {got} of {sessions.Length} lists arrived within {deadline}");
                    return 1;
                }

                if (round > warmupRounds)
                {
                    timed.Add((events, seconds));
                }
            }

            var sequences = Enumerable.Range(warmupRounds + 1, rounds).Select(r => (long)r).ToHashSet();
            var latencies = consumer.Latencies(sequences).Order().ToArray();
            var status = await http.GetFromJsonAsync<JsonElement>("/v1/push", Json);
            var totalEvents = timed.Sum(t => t.Events);
            var totalSeconds = timed.Sum(t => t.Seconds);
            var lists = latencies.Length;
            Console.WriteLine();
            Console.WriteLine($"machine: {MachineDescription.Read()}");
            Console.WriteLine($"{rounds} timed rounds × {sessions.Length:N0} users × {burst} views; debounce {debounce.TotalMilliseconds:N0} ms; {partitions} partitions; one silo (./run.sh, local profile, log store)");
            Console.WriteLine();
            Console.WriteLine("| measure | value |");
            Console.WriteLine("| --- | ---: |");
            Console.WriteLine($"| events in | {totalEvents:N0} in {totalSeconds:F2} s: **{totalEvents / totalSeconds:N0}/s** |");
            Console.WriteLine($"| lists out (one per user per round) | {lists:N0}: **{lists / totalSeconds:N0}/s** |");
            Console.WriteLine($"| end-to-end latency p50 / p99 (event produced → list consumed, debounce included) | **{Percentile(latencies, 0.50):N0} ms / {Percentile(latencies, 0.99):N0} ms** |");
            Console.WriteLine($"| silo: event → publish acknowledged, p50 / p99 (bucket bounds, all rounds) | {Number(status, "latencyP50Ms")} ms / {Number(status, "latencyP99Ms")} ms |");
            Console.WriteLine($"| silo: published, debounced, failed | {status.GetProperty("published").GetInt64():N0}, {status.GetProperty("debounced").GetInt64():N0}, {status.GetProperty("failed").GetInt64():N0} |");
            Console.WriteLine($"| repeats dropped by the consumer | {consumer.Repeats:N0} |");
            return 0;
        }
        finally
        {
            log.Write("stopping");
            server.Stop();
        }
    }

    private static async Task WaitPushingAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            var status = await http.GetFromJsonAsync<JsonElement>("/v1/push", Json);
            if (status.GetProperty("models").EnumerateArray().Any(m => m.GetString() == "recommender"))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("push mode did not come on within 60 s");
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Number(JsonElement status, string name) =>
        status.GetProperty(name).ValueKind == JsonValueKind.Number ? status.GetProperty(name).GetDouble().ToString("N0", CultureInfo.InvariantCulture) : "–";

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

    private static string? LocateDiginetica()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "..", "shared", "data", "diginetica_sample", "sample_train-item-views.csv");
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
