using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Rec.Tools.Data;
using Orleans.Rec.Tools.Kafka;

namespace Orleans.Rec.Bench.Kafka;

/// <summary>
/// <c>kafka-ingest</c>: real Taobao events (looped) produced to the librdkafka mock cluster, then consumed twice
/// from the same topic: by a raw Confluent.Kafka consumer, and by a silo running the Kafka stream provider into
/// UserProfile grains with file-backed state, timed until every offset is committed (so every event is durable).
/// </summary>
public sealed class KafkaIngestBenchmark : IBenchmarkCommand
{
    public string Name => "kafka-ingest";

    public string Description => "Taobao events through the Kafka stream provider into durable profiles vs a raw consumer [--events N] [--partitions P] [--commit-seconds S | --delivery-only] [--poll-ms MS] [--delivery Partition|User] [--warmup-events N] [--data CSV]";

    public async Task<int> RunAsync(string[] args)
    {
        var events = IntArg(args, "--events", 400_000);
        var partitions = IntArg(args, "--partitions", 16);
        // --delivery-only: no checkpoint during the run; timed until every event reached its profile (not durable).
        var deliveryOnly = args.Contains("--delivery-only");
        var commitInterval = deliveryOnly ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(IntArg(args, "--commit-seconds", 5));
        // --poll-ms: the provider's idle/paused poll period (Rec:Kafka:PollInterval); the default is the platform's.
        var pollMs = StringArg(args, "--poll-ms");
        // --delivery: Rec:Kafka:Delivery (Partition, the default: one stream per partition; User: one stream per user).
        var delivery = StringArg(args, "--delivery") ?? nameof(KafkaEventDelivery.Partition);
        // --warmup-events: first run a silo over this many events of another topic (not timed), so the timed silo runs
        // compiled code, as a long-running silo does; 0 times a cold process (JIT compilation included).
        var warmupEvents = IntArg(args, "--warmup-events", 100_000);
        var data = StringArg(args, "--data") ?? LocateTaobao();
        if (data is null || !File.Exists(data))
        {
            Console.Error.WriteLine("Taobao UserBehavior.csv not found: pass --data PATH or put ../shared/data beside the repository.");
            return 2;
        }

        const string topic = "user-events";
        using var mock = new KafkaMockCluster(brokers: 1);
        mock.CreateTopic(topic, partitions);
        mock.CreateTopic(topic + ".dlq", 1);
        mock.CreateTopic("recommendations", 1);
        Console.WriteLine($"mock cluster {mock.BootstrapServers}, topic {topic} with {partitions} partitions, delivery per {delivery.ToLowerInvariant()}, data {data}");

        var (produceSeconds, bytes, userIds) = Produce(mock.BootstrapServers, topic, data, events);
        Console.WriteLine($"produced {events:N0} events ({bytes / events} bytes each) in {produceSeconds:F2} s: {events / produceSeconds:N0}/s");

        var rawCpu = CpuSeconds();
        var rawSeconds = RawConsume(mock.BootstrapServers, topic, partitions, events);
        rawCpu = CpuSeconds() - rawCpu;
        Console.WriteLine($"raw consumer: {events:N0} in {rawSeconds:F2} s: {events / rawSeconds:N0}/s; {rawCpu:F2} CPU s ({rawCpu * 1e6 / events:F1} µs/event)");

        if (warmupEvents > 0)
        {
            const string warmupTopic = "warmup-events";
            mock.CreateTopic(warmupTopic, partitions);
            var (_, _, warmupUsers) = Produce(mock.BootstrapServers, warmupTopic, data, warmupEvents);
            var warmupDir = Path.Combine(Path.GetTempPath(), "rec-bench-kafka-warmup-" + Guid.NewGuid().ToString("N"));
            try
            {
                var (warmupSeconds, _, _, _) = await SiloConsumeAsync(mock.BootstrapServers, warmupTopic, partitions, warmupEvents, commitInterval, deliveryOnly, pollMs, delivery, warmupDir, warmupUsers, quiet: true);
                Console.WriteLine($"warm-up (not timed): {warmupEvents:N0} events of topic {warmupTopic} through a first silo in {warmupSeconds:F2} s");
            }
            finally
            {
                Directory.Delete(warmupDir, recursive: true);
            }
        }

        var dataDir = Path.Combine(Path.GetTempPath(), "rec-bench-kafka-" + Guid.NewGuid().ToString("N"));
        double siloSeconds, startSeconds, siloCpu;
        long profileEvents;
        int files;
        try
        {
            (siloSeconds, startSeconds, siloCpu, profileEvents) = await SiloConsumeAsync(mock.BootstrapServers, topic, partitions, events, commitInterval, deliveryOnly, pollMs, delivery, dataDir, userIds);
            files = Directory.EnumerateFiles(dataDir, "*", SearchOption.AllDirectories).Count();
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }

        var users = userIds.Count;
        Console.WriteLine($"silo (start {startSeconds:F2} s excluded): {events:N0} {(deliveryOnly ? "delivered (not durable)" : "durable and committed")} in {siloSeconds:F2} s: {events / siloSeconds:N0}/s; {users:N0} profiles hold {profileEvents:N0} events; {files:N0} state files");
        Console.WriteLine();
        Console.WriteLine("| measure | events | seconds | events/s |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| produce (Confluent producer, acks=all) | {events:N0} | {produceSeconds:F2} | {events / produceSeconds:N0} |");
        Console.WriteLine($"| raw Confluent.Kafka consumer | {events:N0} | {rawSeconds:F2} | {events / rawSeconds:N0} |");
        var what = deliveryOnly ? "Kafka stream provider → profiles (delivery only, not yet durable)" : "Kafka stream provider → durable profiles, all offsets committed";
        Console.WriteLine($"| {what} | {events:N0} | {siloSeconds:F2} | {events / siloSeconds:N0} |");
        Console.WriteLine($"| ratio provider / raw | | | {rawSeconds / siloSeconds:F2}× |");
        // CPU time is what a loaded (shared) machine does not distort: it says what each event costs, whoever else runs.
        Console.WriteLine();
        Console.WriteLine($"CPU per event (process user+system time while each ran): raw consumer {rawCpu * 1e6 / events:F1} µs, provider {siloCpu * 1e6 / events:F1} µs; CPU ratio raw / provider {rawCpu / siloCpu:F2}×");
        return profileEvents == events ? 0 : 1;
    }

    private static (double Seconds, long Bytes, HashSet<string> Users) Produce(string servers, string topic, string path, int count)
    {
        var users = new HashSet<string>(StringComparer.Ordinal);
        var rows = TaobaoReader.FromFile(path).Read().ToArray();
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = servers,
            LingerMs = 5,
            BatchNumMessages = 10_000,
            QueueBufferingMaxMessages = 2_000_000,
            QueueBufferingMaxKbytes = 1_000_000,
        }).Build();
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var row = rows[i % rows.Length];
            // No event id: the provider derives one from topic/partition/offset, so every looped row is a new event.
            var value = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$"""{"userId":"{{row.UserId}}","itemId":"{{row.ItemId}}","type":"{{TypeName(row.Type)}}","timestamp":{{row.Timestamp.ToUnixTimeMilliseconds()}},"categoryId":"{{row.CategoryId}}"}"""));
            bytes += value.Length;
            users.Add(row.UserId);
            producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(row.UserId), Value = value });
        }

        producer.Flush(TimeSpan.FromMinutes(2));
        var seconds = clock.Elapsed.TotalSeconds;
        return (seconds, bytes, users);
    }

    private static double RawConsume(string servers, string topic, int partitions, int count)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = servers,
            GroupId = "raw-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        var clock = Stopwatch.StartNew();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var seen = 0;
        while (seen < count)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(10)) is { } message && message.Message is not null)
            {
                seen++;
            }
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static async Task<(double Seconds, double StartSeconds, double CpuSeconds, long ProfileEvents)> SiloConsumeAsync(
        string servers, string topic, int partitions, int count, TimeSpan commitInterval, bool deliveryOnly, string? pollMs, string delivery, string dataDir, HashSet<string> users, bool quiet = false)
    {
        var group = "bench-" + Guid.NewGuid().ToString("N");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rec:DataDir"] = dataDir,
            ["Rec:Streaming:Provider"] = "Kafka",
            ["Rec:Kafka:BootstrapServers"] = servers,
            ["Rec:Kafka:EventsTopic"] = topic,
            ["Rec:Kafka:ConsumerGroup"] = group,
            ["Rec:Kafka:CommitInterval"] = commitInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Rec:Kafka:Delivery"] = delivery,
            // Profiles fed by Kafka persist at the partition checkpoints; the write-behind timer is only a backstop.
            ["Rec:Profiles:WriteBehind"] = "00:01:00",
        });
        // REC_BENCH_KAFKA_* overrides any Rec:Kafka setting for the silo, e.g. REC_BENCH_KAFKA_PollBatchSize=2000.
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith("REC_BENCH_KAFKA_", StringComparison.Ordinal))
            {
                builder.Configuration["Rec:Kafka:" + key["REC_BENCH_KAFKA_".Length..]] = variable.Value as string;
            }
        }

        if (pollMs is not null)
        {
            builder.Configuration["Rec:Kafka:PollInterval"] = TimeSpan.FromMilliseconds(int.Parse(pollMs, CultureInfo.InvariantCulture)).ToString("c", CultureInfo.InvariantCulture);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: 21111, gatewayPort: 31000).AddRecSilo());
        using var host = builder.Build();
        long delivered = 0;
        double persistSeconds = 0;
        var verbose = Environment.GetEnvironmentVariable("REC_BENCH_VERBOSE") == "1";
        var clock = new Stopwatch();
        var checkpoints = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Orleans.Rec.Streaming.Kafka.KafkaStreamMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "rec.kafka.events.delivered")
            {
                Interlocked.Add(ref delivered, value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "rec.kafka.checkpoint.persist")
            {
                persistSeconds += value;
                checkpoints++;
                if (verbose && !quiet)
                {
                    Console.WriteLine($"  checkpoint persisted in {value:F2} s, at {clock.Elapsed.TotalSeconds:F2} s");
                }
            }
        });
        listener.Start();
        clock.Start();
        await host.StartAsync();
        var startSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        using var sampler = Environment.GetEnvironmentVariable("REC_BENCH_ALLOCATIONS") == "1" ? new AllocationSampler { Enabled = true } : null;
        var cpu = CpuSeconds();
        var allocated = GC.GetTotalAllocatedBytes();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var deliveredCpu = 0.0;

        using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = servers, GroupId = group }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var deliveredAt = 0.0;
        // A run that cannot finish (e.g. deliveries that failed for good hold their partition's commit) stops here.
        var giveUpAfter = TimeSpan.FromMinutes(10);
        while (deliveryOnly ? deliveredAt == 0 : probe.Committed(tps, TimeSpan.FromSeconds(10)).Sum(o => o.Offset.IsSpecial ? 0 : o.Offset.Value) < count)
        {
            if (clock.Elapsed > giveUpAfter)
            {
                Console.WriteLine($"gave up after {giveUpAfter.TotalMinutes:F0} min: {Interlocked.Read(ref delivered):N0} delivered, not all committed");
                break;
            }

            if (deliveredAt == 0 && Interlocked.Read(ref delivered) >= count)
            {
                deliveredAt = clock.Elapsed.TotalSeconds;
                deliveredCpu = CpuSeconds() - cpu;
                if (!quiet)
                {
                    Console.WriteLine($"all {count:N0} events delivered to profiles after {deliveredAt:F2} s: {count / deliveredAt:N0}/s");
                }
            }

            await Task.Delay(50);
        }

        if (!quiet)
        {
            Console.WriteLine($"all delivered at {deliveredAt:F2} s; {checkpoints} checkpoints spent {persistSeconds:F1} s persisting (summed over partitions)");
        }

        var seconds = deliveryOnly ? deliveredAt : clock.Elapsed.TotalSeconds;
        cpu = deliveryOnly ? deliveredCpu : CpuSeconds() - cpu;
        if (!quiet)
        {
            Console.WriteLine($"silo CPU: {deliveredCpu:F2} s until all delivered, {cpu:F2} s until {(deliveryOnly ? "then" : "all durable and committed")}");
        }
        if (sampler is not null)
        {
            sampler.Enabled = false;
            sampler.Print(40);
        }

        var gc = GC.GetGCMemoryInfo();
        if (!quiet)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GC ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}): {(GC.GetTotalAllocatedBytes() - allocated) / (double)count:F0} bytes allocated per event; collections gen0 {GC.CollectionCount(0) - collections[0]}, gen1 {GC.CollectionCount(1) - collections[1]}, gen2 {GC.CollectionCount(2) - collections[2]}; heap {gc.HeapSizeBytes / 1e6:F0} MB; pause {gc.PauseTimePercentage:F1}% of time"));
        }
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        long total = 0;
        foreach (var chunk in users.Chunk(2000))
        {
            var counts = await Task.WhenAll(chunk.Select(u => grains.GetGrain<IUserProfileGrain>(u).GetProfileAsync()));
            total += counts.Sum(p => p.EventCount);
        }

        await host.StopAsync();
        return (seconds, startSeconds, cpu, total);
    }

    private static string TypeName(InteractionType type) => type switch
    {
        InteractionType.Cart => "cart",
        InteractionType.Purchase => "purchase",
        _ => "view",
    };

    private static string? LocateTaobao()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "..", "shared", "data", "taobao_userbehavior_atguigu_slice", "UserBehavior.csv");
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
