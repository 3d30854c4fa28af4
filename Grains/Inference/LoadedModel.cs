using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>
/// One model version loaded on this silo: its identity, serving config, dynamic batcher and counters. Every caller on
/// the silo shares it. A request is three steps: <see cref="Input"/> builds the model input from a history, the
/// batcher scores it with others in one ONNX Runtime run (<see cref="OnnxBatchRunner"/>), and
/// <see cref="Decoder"/> maps the ranking back to catalog items; <see cref="PredictAsync"/> does all three.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    /// <summary>
    /// Concurrent batches on a GPU: measured on an H100 (docs/benchmarks.md), 8 runners reach 0.81x of raw ONNX
    /// Runtime where 2 reach 0.58x and 16 form batches too small.
    /// </summary>
    public const int CudaRunners = 8;

    private readonly OnnxBatchRunner _runner;
    private readonly DynamicBatcher _batcher;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly KeyValuePair<string, object?>[] _failedTags;
    private readonly KeyValuePair<string, object?>[] _expiredTags;
    private readonly long[] _latencyBuckets = new long[LatencyBuckets.Count];
    private volatile ModelInput _input;
    private long _failed;
    private long _cold;
    private long _warmUpRequests;
    private long _warmUpBatches;
    private long _requests;
    private long _batches;
    private long _shed;
    private long _expired;
    private long _runTicks;

    public LoadedModel(
        string model,
        int version,
        ModelConfig config,
        InferenceSession session,
        string device,
        TimeProvider? time = null,
        int defaultInstances = 0,
        IoBindingMode ioBinding = IoBindingMode.Auto,
        int deviceId = 0)
    {
        Model = model;
        Version = version;
        Config = config;
        Device = device;
        _time = time ?? TimeProvider.System;
        _input = new ModelInput(config);
        Decoder = new ModelOutputDecoder(_input);
        _runner = new OnnxBatchRunner(session, config.Signature, device, ioBinding, deviceId);
        _tags = [new("model", model), new("version", version), new("device", device)];
        _failedTags = [new("model", model), new("version", version), new("kind", "failed")];
        _expiredTags = [new("model", model), new("version", version), new("kind", "expired")];

        // On the CPU one runner per core keeps every core busy while the next batch forms.
        var instances = defaultInstances > 0 ? defaultInstances : device == "cuda" ? CudaRunners : Environment.ProcessorCount;
        _batcher = new DynamicBatcher(InForce(config.Batching), instances, RunBatch, _time, _ =>
        {
            Interlocked.Increment(ref _expired);
            RecMetrics.Expired.Add(1, _tags);
            RecMetrics.Errors.Add(1, _expiredTags);
        }, failed: count =>
        {
            Interlocked.Add(ref _failed, count);
            RecMetrics.Errors.Add(count, _failedTags);
        }, shed: () =>
        {
            Interlocked.Increment(ref _shed);
            RecMetrics.Shed.Add(1, _tags);
        });
        LoadedAt = _time.GetUtcNow();
    }

    public string Model { get; }

    public int Version { get; }

    public ModelConfig Config { get; private set; }

    /// <summary>The device the session runs on (<c>cpu</c> or <c>cuda</c>).</summary>
    public string Device { get; }

    /// <summary>Builds model inputs with the history length in force; replaced when the serving config changes it.</summary>
    public ModelInput Input => _input;

    /// <summary>Maps rankings back to catalog items.</summary>
    internal ModelOutputDecoder Decoder { get; }

    /// <summary>
    /// True when the model's batch dimension is fixed to 1 (an export traced with one example): requests are not
    /// batched, each run scores one, whatever the config's batching says.
    /// </summary>
    public bool OneRequestPerRun => _runner.OneRequestPerRun;

    /// <summary>True when batches run through ONNX Runtime I/O binding (see <see cref="IoBindingMode"/>).</summary>
    public bool IoBound => _runner.IoBound;

    public DateTimeOffset LoadedAt { get; }

    /// <summary>When the load and warm-up finished (null until then).</summary>
    public DateTimeOffset? ReadyAt { get; private set; }

    /// <summary>How long the load and warm-up took.</summary>
    public TimeSpan LoadTime { get; private set; }

    /// <summary>Marks the version loaded and warmed: it is ready for traffic.</summary>
    public void MarkReady(TimeSpan loadTime)
    {
        LoadTime = loadTime;
        ReadyAt = _time.GetUtcNow();
    }

    /// <summary>How this version runs here, for the version status.</summary>
    public LoadedVersionStatus Status(string silo) => new()
    {
        Silo = silo,
        Model = Model,
        Version = Version,
        Device = Device,
        ConfigRevision = ConfigRevision,
        Batching = Batching,
        OneRequestPerRun = OneRequestPerRun,
        Runners = Runners,
        Queued = _batcher.Queued,
        Requests = Interlocked.Read(ref _requests),
        Batches = Interlocked.Read(ref _batches),
        Shed = Interlocked.Read(ref _shed),
        Expired = Interlocked.Read(ref _expired),
        LoadedAt = LoadedAt,
        RunMilliseconds = TimeSpan.FromTicks(Interlocked.Read(ref _runTicks)).TotalMilliseconds,
        LatencyBuckets = LatencyCounts(),
        Failed = Interlocked.Read(ref _failed),
        ReadyAt = ReadyAt,
        LoadMilliseconds = LoadTime.TotalMilliseconds,
        WarmUpRequests = Interlocked.Read(ref _warmUpRequests),
        WarmUpBatches = Interlocked.Read(ref _warmUpBatches),
        ColdRequests = Interlocked.Read(ref _cold),
    };

    /// <summary>Counts a request that reached this version with no history item it knows (it got the fallback).</summary>
    public void CountCold() => Interlocked.Increment(ref _cold);

    private long[] LatencyCounts()
    {
        var counts = new long[_latencyBuckets.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _latencyBuckets[i]);
        }

        return counts;
    }

    /// <summary>The batching settings in force.</summary>
    public BatchingConfig Batching => _batcher.Settings;

    /// <summary>Concurrent batch runners.</summary>
    public int Runners => _batcher.Runners;

    /// <summary>The serving config revision in force (0 until the engine has checked).</summary>
    public int ConfigRevision { get; private set; }

    /// <summary>
    /// Applies a new serving config to the running version: history length, k limits and batching at once. The item
    /// ids are the version's own and do not change.
    /// </summary>
    public void Reconfigure(ModelConfig config, int revision)
    {
        Config = config;
        ConfigRevision = revision;
        _input = _input.WithHistoryLength(config.HistoryLength);
        _batcher.Configure(InForce(config.Batching));
    }

    /// <summary>The batching a model can take: batches of one, at once, when its batch dimension is fixed to 1.</summary>
    private BatchingConfig InForce(BatchingConfig batching) =>
        OneRequestPerRun ? batching with { MaxBatchSize = 1, MaxQueueDelay = TimeSpan.Zero } : batching;

    /// <summary>
    /// Scores a history (external item ids, oldest first) and returns the top k, minus excluded items. When the model
    /// knows none of the history it returns no items and <see cref="PredictionResult.KnownHistoryItems"/> = 0; when the
    /// batcher refused it (queue full, deadline passed), no items and the <see cref="PredictionResult.Refusal"/>.
    /// </summary>
    public async Task<PredictionResult> PredictAsync(IReadOnlyList<string> history, int k, IReadOnlyCollection<string> exclude, DateTimeOffset? deadline = null)
    {
        var known = Input.Build(history);
        if (known.Length == 0)
        {
            return new PredictionResult { KnownHistoryItems = 0 };
        }

        var excluded = exclude.Count == 0 ? null : exclude as IReadOnlySet<string> ?? exclude.ToHashSet(StringComparer.Ordinal);
        var row = await RankRowAsync(known, Decoder.Want(k, excluded), deadline);
        return row.Refusal != InferenceRefusal.None
            ? new PredictionResult { KnownHistoryItems = known.Length, Refusal = row.Refusal }
            : new PredictionResult { Items = Decoder.Decode(row, k, excluded), KnownHistoryItems = known.Length };
    }

    /// <summary>
    /// Ranks a built input (model indices, oldest first) through the batcher: the top <paramref name="want"/> model
    /// indices and scores, best first; or the refusal (a shed request's task is complete at once).
    /// </summary>
    internal Task<RankedRow> RankRowAsync(long[] known, int want, DateTimeOffset? deadline) => _batcher.SubmitAsync(known, want, deadline);

    /// <summary>
    /// Ranks a raw history (model indices, oldest first; padding dropped) through the batcher: the top
    /// <paramref name="k"/> indices and scores (k clamped to 1..<see cref="ModelInput.ItemCount"/>), for the Open
    /// Inference Protocol; or the refusal.
    /// </summary>
    public async Task<TensorRow> RankAsync(long[] history, int k, DateTimeOffset? deadline = null)
    {
        var known = Array.FindAll(history, i => i > 0);
        var row = await RankRowAsync(known, Math.Clamp(k, 1, Input.ItemCount), deadline);
        return new TensorRow(row.Indices, row.Scores, row.Refusal);
    }

    /// <summary>Runs one full batch (every slot used, the longest history) so the arena reaches its working size before traffic.</summary>
    public async Task WarmUpAsync()
    {
        var history = Enumerable.Repeat(1L, Config.HistoryLength).ToArray();
        var want = Math.Min(Config.TopK.Default, Input.ItemCount);
        var batch = Enumerable.Range(0, Math.Max(1, Batching.MaxBatchSize))
            .Select(_ => new BatchItem(history, want, null, _time.GetTimestamp()))
            .ToList();
        Run(batch, warmUp: true);
        await Task.WhenAll(batch.Select(b => b.Completion.Task));
        _warmUpRequests = batch.Count;
        _warmUpBatches = 1;
    }

    /// <summary>One ONNX Runtime run for a batch, with its metrics.</summary>
    private void RunBatch(List<BatchItem> batch) => Run(batch, warmUp: false);

    /// <summary>A warm-up run counts as a request and a batch (the status shows it) but not in the latency buckets.</summary>
    private void Run(List<BatchItem> batch, bool warmUp)
    {
        var started = _time.GetTimestamp();
        if (RecMetrics.QueueWait.Enabled)
        {
            foreach (var item in batch)
            {
                RecMetrics.QueueWait.Record(_time.GetElapsedTime(item.EnqueuedAt, started).TotalMilliseconds, _tags);
            }
        }

        _runner.Run(batch);

        var finished = _time.GetTimestamp();
        var recordLatency = RecMetrics.Latency.Enabled;
        for (var i = 0; i < batch.Count && !warmUp; i++)
        {
            var latency = _time.GetElapsedTime(batch[i].EnqueuedAt, finished).TotalMilliseconds;
            Interlocked.Increment(ref _latencyBuckets[LatencyBuckets.IndexOf(latency)]);
            if (recordLatency)
            {
                RecMetrics.Latency.Record(latency, _tags);
            }
        }

        var rows = batch.Count;
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _requests, rows);
        Interlocked.Add(ref _runTicks, _time.GetElapsedTime(started, finished).Ticks);
        RecMetrics.RunDuration.Record(_time.GetElapsedTime(started, finished).TotalMilliseconds, _tags);
        RecMetrics.BatchSize.Record(rows, _tags);
        RecMetrics.Requests.Add(rows, _tags);
    }

    public void Dispose()
    {
        _batcher.Dispose();
        _runner.Dispose();
    }
}
