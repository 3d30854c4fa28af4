using System.Buffers;
using System.Collections.Frozen;
using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>
/// One model version loaded on this silo: its ONNX session, item-id map and dynamic batcher. Every caller on the
/// silo shares it; requests are scored in batches, one ONNX Runtime run per batch, with pooled input and output
/// buffers.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    /// <summary>
    /// Concurrent batches on a GPU: measured on an H100 (docs/benchmarks.md), 8 runners reach 0.81x of raw ONNX
    /// Runtime where 2 reach 0.58x and 16 form batches too small.
    /// </summary>
    public const int CudaRunners = 8;

    private readonly InferenceSession _session;
    private readonly FrozenDictionary<string, long> _indexOf;
    private readonly string[] _itemIds;
    private readonly TensorSpec _history;
    private readonly TensorSpec? _historyLength;
    private readonly TensorSpec? _topK;
    private readonly TensorSpec _scores;
    private readonly TensorSpec? _items;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly DynamicBatcher _batcher;
    private readonly BoundRunner? _bound;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly KeyValuePair<string, object?>[] _failedTags;
    private readonly KeyValuePair<string, object?>[] _expiredTags;
    private readonly long[] _latencyBuckets = new long[LatencyBuckets.Count];
    private long _failed;
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
        _session = session;
        _time = time ?? TimeProvider.System;
        _itemIds = config.ItemIds;
        _indexOf = config.ItemIds.Select((id, i) => KeyValuePair.Create(id, i + 1L)).ToFrozenDictionary(StringComparer.Ordinal);

        var inputs = config.Signature.Inputs;
        var outputs = config.Signature.Outputs;
        _history = inputs.Single(s => s.Role == TensorRole.HistoryItemIds);
        _historyLength = inputs.SingleOrDefault(s => s.Role == TensorRole.HistoryLength);
        _topK = inputs.SingleOrDefault(s => s.Role == TensorRole.TopK);
        _scores = outputs.Single(s => s.Role == TensorRole.Scores);
        _items = outputs.SingleOrDefault(s => s.Role == TensorRole.ItemIds);
        _inputNames = inputs.Select(s => s.Name).ToArray();
        _outputNames = _items is null ? [_scores.Name] : [_scores.Name, _items.Name];
        _tags = [new("model", model), new("version", version), new("device", device)];
        _failedTags = [new("model", model), new("version", version), new("kind", "failed")];
        _expiredTags = [new("model", model), new("version", version), new("kind", "expired")];
        var cuda = device == "cuda";
        var bindable = _topK is not null && _items is not null && _history.DataType == "int64" && _historyLength is null or { DataType: "int64" };
        if (bindable && (ioBinding == IoBindingMode.Always || (ioBinding == IoBindingMode.Auto && cuda)))
        {
            _bound = new BoundRunner(session, cuda ? deviceId : null, _history.Name, _historyLength?.Name, _topK?.Name, _scores.Name, _items!.Name);
        }

        // On the CPU one runner per core keeps every core busy while the next batch forms.
        var instances = defaultInstances > 0 ? defaultInstances : device == "cuda" ? CudaRunners : Environment.ProcessorCount;
        _batcher = new DynamicBatcher(config.Batching, instances, RunBatch, _time, _ =>
        {
            Interlocked.Increment(ref _expired);
            RecMetrics.Expired.Add(1, _tags);
            RecMetrics.Errors.Add(1, _expiredTags);
        }, failed: count =>
        {
            Interlocked.Add(ref _failed, count);
            RecMetrics.Errors.Add(count, _failedTags);
        });
        LoadedAt = _time.GetUtcNow();
    }

    public string Model { get; }

    public int Version { get; }

    public ModelConfig Config { get; private set; }

    /// <summary>The device the session runs on (<c>cpu</c> or <c>cuda</c>).</summary>
    public string Device { get; }

    public int ItemCount => _itemIds.Length;

    /// <summary>True when batches run through ONNX Runtime I/O binding (see <see cref="IoBindingMode"/>).</summary>
    public bool IoBound => _bound is not null;

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
    };

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

    /// <summary>Applies a new serving config to the running version: history length, k limits and batching at once.</summary>
    public void Reconfigure(ModelConfig config, int revision)
    {
        Config = config;
        ConfigRevision = revision;
        _batcher.Configure(config.Batching);
    }

    /// <summary>Scores a history (external item ids, oldest first) and returns the top k, minus excluded items.</summary>
    public async Task<PredictionResult> PredictAsync(IReadOnlyList<string> history, int k, IReadOnlyCollection<string> exclude, DateTimeOffset? deadline = null)
    {
        var known = MapHistory(history);
        if (known.Length == 0)
        {
            return new PredictionResult { KnownHistoryItems = 0 };
        }

        var excluded = 0;
        foreach (var itemId in exclude)
        {
            if (_indexOf.ContainsKey(itemId))
            {
                excluded++;
            }
        }

        var want = (int)Math.Min((long)k + excluded, _itemIds.Length);
        RankedRow row;
        try
        {
            row = await _batcher.SubmitAsync(known, want, deadline);
        }
        catch (InferenceOverloadedException)
        {
            Interlocked.Increment(ref _shed);
            RecMetrics.Shed.Add(1, _tags);
            throw;
        }

        var items = new List<ScoredItem>(Math.Min(k, row.Indices.Length));
        var excludeSet = exclude.Count == 0 ? null : exclude as IReadOnlySet<string> ?? exclude.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < row.Indices.Length && items.Count < k; i++)
        {
            var index = row.Indices[i];
            if (index <= 0 || index > _itemIds.Length)
            {
                continue;
            }

            var itemId = _itemIds[index - 1];
            if (excludeSet is null || !excludeSet.Contains(itemId))
            {
                items.Add(new ScoredItem(itemId, row.Scores[i]));
            }
        }

        return new PredictionResult { Items = [.. items], KnownHistoryItems = known.Length };
    }

    /// <summary>True when every index is padding (0) or one of the model's items (1..<see cref="ItemCount"/>).</summary>
    public bool AreItemIndices(long[] history) => history.All(i => i >= 0 && i <= _itemIds.Length);

    /// <summary>
    /// Ranks a raw history (model indices, oldest first; padding dropped) through the batcher: the top
    /// <paramref name="k"/> indices and scores, for the Open Inference Protocol.
    /// </summary>
    public async Task<TensorRow> RankAsync(long[] history, int k, DateTimeOffset? deadline = null)
    {
        var known = history.Where(i => i > 0).ToArray();
        var row = await _batcher.SubmitAsync(known, Math.Clamp(k, 1, _itemIds.Length), deadline);
        return new TensorRow(row.Indices, row.Scores);
    }

    /// <summary>Runs one full batch (every slot used, the longest history) so the arena reaches its working size before traffic.</summary>
    public async Task WarmUpAsync()
    {
        var history = Enumerable.Repeat(1L, Config.HistoryLength).ToArray();
        var want = Math.Min(Config.TopK.Default, _itemIds.Length);
        var batch = Enumerable.Range(0, Math.Max(1, Config.Batching.MaxBatchSize))
            .Select(_ => new BatchItem(history, want, null, _time.GetTimestamp()))
            .ToList();
        Run(batch, warmUp: true);
        await Task.WhenAll(batch.Select(b => b.Completion.Task));
        _warmUpRequests = batch.Count;
        _warmUpBatches = 1;
    }

    /// <summary>The most recent history items the model knows, as model indices, oldest first.</summary>
    internal long[] MapHistory(IReadOnlyList<string> history)
    {
        Span<long> buffer = stackalloc long[Math.Min(Config.HistoryLength, 512)];
        var capacity = Math.Min(Config.HistoryLength, buffer.Length);
        var count = 0;
        for (var i = history.Count - 1; i >= 0 && count < capacity; i--)
        {
            if (_indexOf.TryGetValue(history[i], out var index))
            {
                buffer[count++] = index;
            }
        }

        var known = buffer[..count].ToArray();
        Array.Reverse(known);
        return known;
    }

    /// <summary>One ONNX Runtime run for a batch; histories are left-padded to the longest one (0 = padding).</summary>
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

        var rows = batch.Count;
        var length = _history.Dims.Length == 2 && _history.Dims[1] > 0 ? (int)_history.Dims[1] : Math.Max(1, batch.Max(b => b.History.Length));
        var want = batch.Max(b => b.Want);
        var input = ArrayPool<long>.Shared.Rent(rows * length);
        var lengths = _historyLength is null ? null : ArrayPool<long>.Shared.Rent(rows);
        var topScores = _topK is not null && _items is not null ? ArrayPool<float>.Shared.Rent(rows * want) : null;
        var topItems = topScores is not null ? ArrayPool<long>.Shared.Rent(rows * want) : null;
        var values = new List<OrtValue>(_inputNames.Length);
        var outputs = new List<OrtValue>(2);
        try
        {
            Array.Clear(input, 0, rows * length);
            for (var r = 0; r < rows; r++)
            {
                var h = batch[r].History;
                var n = Math.Min(h.Length, length);
                h.AsSpan(h.Length - n).CopyTo(input.AsSpan((r * length) + length - n, n));
                if (lengths is not null)
                {
                    lengths[r] = n;
                }
            }

            if (topScores is not null && topItems is not null)
            {
                if (_bound is not null)
                {
                    _bound.Run(_runOptions, input, lengths, rows, length, want, topScores, topItems);
                }
                else
                {
                    // The top-k shape is known ([rows, want]): ONNX Runtime writes straight into pooled buffers.
                    AddInputs(values, input, lengths, rows, length, want);
                    outputs.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, topScores.AsMemory(0, rows * want), [rows, want]));
                    outputs.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, topItems.AsMemory(0, rows * want), [rows, want]));
                    _session.Run(_runOptions, _inputNames, values, _outputNames, outputs);
                }

                for (var r = 0; r < rows; r++)
                {
                    var w = batch[r].Want;
                    batch[r].Completion.TrySetResult(new RankedRow(
                        topItems.AsSpan(r * want, w).ToArray(),
                        topScores.AsSpan(r * want, w).ToArray()));
                }
            }
            else
            {
                AddInputs(values, input, lengths, rows, length, want);
                using var results = _session.Run(_runOptions, _inputNames, values, _outputNames);
                CompleteFromResults(batch, results);
            }
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }

            foreach (var value in outputs)
            {
                value.Dispose();
            }

            ArrayPool<long>.Shared.Return(input);
            if (lengths is not null)
            {
                ArrayPool<long>.Shared.Return(lengths);
            }

            if (topScores is not null && topItems is not null)
            {
                ArrayPool<float>.Shared.Return(topScores);
                ArrayPool<long>.Shared.Return(topItems);
            }
        }

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

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _requests, rows);
        Interlocked.Add(ref _runTicks, _time.GetElapsedTime(started).Ticks);
        RecMetrics.RunDuration.Record(_time.GetElapsedTime(started).TotalMilliseconds, _tags);
        RecMetrics.BatchSize.Record(rows, _tags);
        RecMetrics.Requests.Add(rows, _tags);
    }

    /// <summary>Models without a top-k input: outputs are allocated by the runtime; full score rows are ranked here.</summary>
    private void CompleteFromResults(List<BatchItem> batch, IDisposableReadOnlyCollection<OrtValue> results)
    {
        var scores = results[0].GetTensorDataAsSpan<float>();
        var width = (int)results[0].GetTensorTypeAndShape().Shape[^1];
        if (_items is not null)
        {
            var indices = results[1].GetTensorDataAsSpan<long>();
            for (var r = 0; r < batch.Count; r++)
            {
                var w = Math.Min(width, batch[r].Want);
                batch[r].Completion.TrySetResult(new RankedRow(indices.Slice(r * width, w).ToArray(), scores.Slice(r * width, w).ToArray()));
            }

            return;
        }

        for (var r = 0; r < batch.Count; r++)
        {
            batch[r].Completion.TrySetResult(TopOf(scores.Slice(r * width, width), batch[r].Want));
        }
    }

    private void AddInputs(List<OrtValue> values, long[] input, long[]? lengths, int rows, int length, int want)
    {
        foreach (var name in _inputNames)
        {
            values.Add(InputFor(name, input, lengths, rows, length, want));
        }
    }

    private OrtValue InputFor(string name, long[] input, long[]? lengths, int rows, int length, int want)
    {
        if (name == _history.Name)
        {
            return _history.DataType == "int32"
                ? OrtValue.CreateTensorValueFromMemory(input.AsSpan(0, rows * length).ToArray().Select(v => (int)v).ToArray(), [rows, length])
                : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, rows * length), [rows, length]);
        }

        if (_historyLength is not null && lengths is not null && name == _historyLength.Name)
        {
            return _historyLength.DataType == "int32"
                ? OrtValue.CreateTensorValueFromMemory(lengths.AsSpan(0, rows).ToArray().Select(v => (int)v).ToArray(), [rows])
                : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, lengths.AsMemory(0, rows), [rows]);
        }

        if (_topK is not null && name == _topK.Name)
        {
            return OrtValue.CreateTensorValueFromMemory(new long[] { want }, [1]);
        }

        throw new InvalidOperationException($"Model input '{name}' has no role the platform can fill.");
    }

    /// <summary>Top-k over a full score row (models that output scores for every item); index 0 is padding.</summary>
    private static RankedRow TopOf(ReadOnlySpan<float> row, int want)
    {
        var heap = new PriorityQueue<long, float>(want + 1);
        for (var i = 1; i < row.Length; i++)
        {
            if (float.IsNaN(row[i]))
            {
                continue;
            }

            if (heap.Count < want)
            {
                heap.Enqueue(i, row[i]);
            }
            else if (heap.TryPeek(out _, out var smallest) && row[i] > smallest)
            {
                heap.DequeueEnqueue(i, row[i]);
            }
        }

        var indices = new long[heap.Count];
        var scores = new float[heap.Count];
        for (var i = heap.Count - 1; i >= 0; i--)
        {
            heap.TryDequeue(out var index, out var score);
            indices[i] = index;
            scores[i] = score;
        }

        return new RankedRow(indices, scores);
    }

    public void Dispose()
    {
        _batcher.Dispose();
        _bound?.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
