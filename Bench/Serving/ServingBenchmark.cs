using System.Globalization;
using System.Text.Json;
using Orleans.Rec.Bench.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Profiles;
using Orleans.Rec.Tools.Api;
using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// End to end over HTTP, in one run: the platform started by <c>./run.sh</c> in each <see cref="ServingShape"/>
/// (co-hosted: the REST API in the silo; gateway+silo: a separate gateway process) and the simplest alternative
/// (<see cref="SimpleServer"/>), same fp32 model, same real user histories (Taobao slice), same closed-loop load, the
/// systems taking turns in rounds (<see cref="InterleavedLoad"/>); plus the raw ONNX Runtime limit at the batch size
/// ours formed. Repeated for each catalog size; the markdown table goes
/// to stdout, progress to stderr.
/// </summary>
public sealed class ServingBenchmark : IBenchmarkCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "serving";

    public string Description => "HTTP load: ours (run.sh, co-hosted and gateway+silo) vs the no-batching baseline vs raw ORT [--catalogs 20000,100000] [--shapes cohosted,gateway] [--connections 128] [--seconds 30] [--rounds 2] [--warmup 35] [--max-batch 32,64: per catalog, or one for all; default 32 below 100,000 items, 64 from there] [--chart FOLDER: latency over time, one SVG per catalog]";

    public async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await MeasureAsync(args);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or ArgumentException)
        {
            Console.Error.WriteLine($"serving: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> MeasureAsync(string[] args)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var machine = MachineDescription.Read();
        var root = RepositoryRoot();
        var eventsPath = InferenceBenchmark.Arg(args, "--events", Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "taobao_userbehavior_atguigu_slice", "UserBehavior.csv")));
        var catalogs = InferenceBenchmark.Arg(args, "--catalogs", "20000,100000").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var shapes = ServingShape.ParseList(InferenceBenchmark.Arg(args, "--shapes", "cohosted,gateway"));
        var connections = InferenceBenchmark.Arg(args, "--connections", 128);
        var seconds = InferenceBenchmark.Arg(args, "--seconds", 30);
        // Each window's warm-up outlasts the platform's write-behind of served lists, so windows measure its steady state.
        var warmup = InferenceBenchmark.Arg(args, "--warmup", (int)new ProfileOptions().ServedWriteBehind.TotalSeconds + 5);
        var rounds = InferenceBenchmark.Arg(args, "--rounds", 2);
        var dims = InferenceBenchmark.Arg(args, "--dims", 64);
        var maxBatches = MaxBatches(InferenceBenchmark.Arg(args, "--max-batch", string.Empty), catalogs);
        var configuration = InferenceBenchmark.Arg(args, "--configuration", "Release");
        var charts = InferenceBenchmark.Arg(args, "--chart", string.Empty);

        var log = new PhaseLog("serving");
        log.Write($"reading {eventsPath}");
        var events = EventLog.Open(eventsPath).Read().ToList();
        var itemsByPopularity = events.GroupBy(e => e.ItemId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToArray();
        var users = events.GroupBy(e => e.UserId).Where(g => g.Count() >= 2).Select(g => g.Key).ToArray();
        var workload = new ServingWorkload(root, configuration, [.. events.Select(EventDto.From)], users, connections, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds), rounds);
        log.Write($"{events.Count:N0} events, {itemsByPopularity.Length:N0} items, {users.Length:N0} users with >= 2 events (the load picks among them); shapes {string.Join(", ", shapes.Select(s => s.Name))}");

        var report = new ServingReport(startedAt, machine, ServingReport.CommandLine(args), connections, rounds);
        foreach (var (catalog, maxBatch) in catalogs.Zip(maxBatches))
        {
            var catalogLog = new PhaseLog(string.Create(CultureInfo.InvariantCulture, $"{catalog:N0} items"));
            using var work = new TempFolder();
            var modelDir = Path.Combine(work.Path, "model");
            Directory.CreateDirectory(modelDir);
            catalogLog.Write($"building the synthetic {catalog:N0} × {dims} model");
            var (artifact, config) = SyntheticModel.Create(catalog, dims, 50, itemsByPopularity);
            config = config with { Batching = config.Batching with { MaxBatchSize = maxBatch } };
            await File.WriteAllBytesAsync(Path.Combine(modelDir, "model.onnx"), artifact);
            await File.WriteAllTextAsync(Path.Combine(modelDir, "config.json"), JsonSerializer.Serialize(config, Json));
            var label = string.Create(CultureInfo.InvariantCulture, $"{catalog:N0} × {dims} (fp32, {artifact.Length / 1e6:N0} MB, max batch {maxBatch})");
            catalogLog.Write($"model {artifact.Length / 1e6:N1} MB");

            var targets = new List<ServingTarget>();
            ServingResult[] results;
            double limit;
            int formed;
            try
            {
                foreach (var shape in shapes)
                {
                    targets.Add(await PlatformRun.StartAsync(workload, shape, modelDir, work.Path, catalogLog.For(shape.Name)));
                    targets[^1].Pause();
                }

                targets.Add(await BaselineRun.StartAsync(workload, modelDir, catalogLog.For("simple")));
                results = await InterleavedLoad.RunAsync(targets, workload, catalogLog);
                formed = Math.Max(1, (int)Math.Round(results[0].MeanBatch));
                var rawSeconds = Math.Min(seconds, 5);
                catalogLog.Write($"raw ONNX Runtime at batch {formed} ({shapes[0].Name}'s mean batch), {rawSeconds} s, every server paused");
                limit = RawOrtLimit.Measure(artifact, config, formed, TimeSpan.FromSeconds(rawSeconds));
            }
            finally
            {
                catalogLog.Write("stopping the servers");
                targets.ForEach(t => t.Dispose());
            }

            var ours = shapes.Select((shape, i) => (shape, results[i])).ToList();
            if (charts.Length > 0)
            {
                Directory.CreateDirectory(charts);
                var chart = Path.Combine(charts, string.Create(CultureInfo.InvariantCulture, $"serving-latency-{catalog}.svg"));
                LatencyChart.Write(chart, $"{label}: {connections} connections, {startedAt:yyyy-MM-dd HH:mm} UTC", [.. shapes.Select((shape, i) => (shape.Name, results[i].Windows)), ("simple", results[^1].Windows)]);
                catalogLog.Write($"latency chart: {chart}");
            }

            var simple = results[^1];
            foreach (var row in report.AddCatalog(label, formed, limit, ours, simple))
            {
                catalogLog.Write(row);
            }
        }

        report.Write(Console.Out);
        return 0;
    }

    /// <summary>
    /// The model's <c>batching.maxBatchSize</c> for each catalog: as given (one value for all, or one per catalog), else
    /// the platform's default (32) below <see cref="LargeCatalog"/> items and <see cref="LargeCatalogMaxBatch"/> from
    /// there — what an operator sets for a large catalog, where one run's cost is dominated by the item table's
    /// product and larger batches keep paying off (docs/models.md).
    /// </summary>
    private static int[] MaxBatches(string given, int[] catalogs)
    {
        if (given.Length == 0)
        {
            return [.. catalogs.Select(c => c >= LargeCatalog ? LargeCatalogMaxBatch : new BatchingConfig().MaxBatchSize)];
        }

        var values = given.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return values.Length == 1 ? [.. catalogs.Select(_ => values[0])]
            : values.Length == catalogs.Length ? values
            : throw new ArgumentException($"--max-batch takes one value or one per catalog ({catalogs.Length}), not {values.Length}");
    }

    private const int LargeCatalog = 100_000;

    private const int LargeCatalogMaxBatch = 64;

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
}
