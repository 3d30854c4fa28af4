using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Rec.Events;
using Orleans.Rec.Profiles;
using Orleans.Rec.Storage;
using Orleans.Storage;

namespace Orleans.Rec.Bench.Storage;

/// <summary>
/// <c>storage [--keys N] [--writers W] [--rounds R] [--sync true|false]</c>: writes N profile states (~1 KB of JSON
/// each) from W concurrent writers, R rounds (the first creates the keys, the rest overwrite them, as Kafka
/// checkpoints do), through <see cref="FileGrainStorage"/> and through <see cref="LogGrainStorage"/> in the same
/// run, and prints writes/s and CPU µs per write of each, and their ratio, as Markdown.
/// </summary>
public sealed class StorageBenchmark : IBenchmarkCommand
{
    private const string StateName = "profile";

    public string Name => "storage";

    public string Description => "Profile store writes/s and CPU per write: file per grain vs log (--keys, --writers, --rounds, --sync)";

    public async Task<int> RunAsync(string[] args)
    {
        var keys = Option(args, "--keys", 66_000);
        var writers = Option(args, "--writers", 64);
        var rounds = Option(args, "--rounds", 3);
        var sync = !args.Contains("--sync") || Option(args, "--sync", "true") != "false";

        var profile = Profile();
        var serializer = new JsonGrainStateSerializer();
        var bytes = serializer.Serialize(profile).ToMemory().Length;
        var ids = Enumerable.Range(0, keys).Select(i => GrainId.Create("userprofile", $"user-{i}")).ToArray();
        Console.Error.WriteLine($"{keys:N0} keys of {bytes} bytes, {writers} writers, {rounds} rounds, log sync {(sync ? "on" : "off")}");

        var results = new List<(string Store, int Round, int Writes, double Seconds, double CpuSeconds)>();
        var root = Path.Combine(Path.GetTempPath(), $"rec-bench-storage-{Guid.NewGuid():N}");
        try
        {
            var filesRoot = Path.Combine(root, "files");
            var files = new FileGrainStorage("profiles", new FileGrainStorageOptions { RootDirectory = filesRoot }, serializer, NullLogger<FileGrainStorage>.Instance);
            await RunRoundsAsync("files", files);

            var logRoot = Path.Combine(root, "log");
            using var log = new LogGrainStorage(
                "profiles",
                Path.Combine(logRoot, ".log", "profiles"),
                new LogGrainStorageOptions { Sync = sync },
                new FileGrainStorage("profiles", new FileGrainStorageOptions { RootDirectory = logRoot }, serializer, NullLogger<FileGrainStorage>.Instance),
                serializer,
                NullLogger<LogGrainStorage>.Instance);
            log.Open();
            await RunRoundsAsync("log", log);
            var store = log.Store;
            Console.Error.WriteLine($"log: {store.RecordsWritten:N0} records in {store.Syncs:N0} flushes, {store.Segments.Count} segments");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        Console.WriteLine($"| store | round | writes | writes/s | CPU µs/write |");
        Console.WriteLine($"| --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Store} | {r.Round} | {r.Writes:N0} | {r.Writes / r.Seconds:N0} | {r.CpuSeconds * 1e6 / r.Writes:N1} |"));
        }

        var totals = results.GroupBy(r => r.Store).ToDictionary(
            g => g.Key,
            g => (Rate: g.Sum(r => r.Writes) / g.Sum(r => r.Seconds), Cpu: g.Sum(r => r.CpuSeconds) * 1e6 / g.Sum(r => r.Writes)));
        foreach (var (store, total) in totals)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {store} | all | {keys * rounds:N0} | {total.Rate:N0} | {total.Cpu:N1} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"log vs files: {totals["log"].Rate / totals["files"].Rate:0.0}x the writes/s, {totals["files"].Cpu / totals["log"].Cpu:0.0}x less CPU per write"));
        return 0;

        async Task RunRoundsAsync(string store, IGrainStorage storage)
        {
            var states = ids.Select(_ => new GrainState<UserProfileState>(profile)).ToArray();
            for (var round = 1; round <= rounds; round++)
            {
                var next = -1;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < keys)
                    {
                        await storage.WriteStateAsync(StateName, ids[i], states[i]);
                    }
                })));
                var seconds = clock.Elapsed.TotalSeconds;
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                results.Add((store, round, keys, seconds, cpuSeconds));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{store} round {round}: {keys / seconds:N0} writes/s, {cpuSeconds * 1e6 / keys:N1} CPU µs/write"));
            }
        }
    }

    /// <summary>A profile after a dozen events: about 1 KB of JSON, like the active users of a checkpoint.</summary>
    private static UserProfileState Profile()
    {
        var at = DateTimeOffset.UnixEpoch.AddDays(20_000);
        return new UserProfileState
        {
            EventCount = 12,
            Recent = Enumerable.Range(0, 10).Select(i => new Interaction($"item-{1000 + (i * 37)}", UserEventType.View, at.AddSeconds(i))).ToList(),
            RecentEventIds = Enumerable.Range(0, 12).Select(i => $"evt-{Guid.NewGuid():N}"[..20]).ToList(),
            CategoryWeights = new Dictionary<string, double>(StringComparer.Ordinal) { ["shoes"] = 2.5, ["bags"] = 1 },
            LastEventAt = at.AddSeconds(12),
        };
    }

    private static int Option(string[] args, string name, int fallback) =>
        int.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
