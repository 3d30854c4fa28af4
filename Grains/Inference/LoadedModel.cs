using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>
/// One model version loaded on this silo: its ONNX session and item-id map. Thread-safe: ONNX Runtime sessions
/// may run concurrently.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly Dictionary<string, long> _indexOf;
    private readonly string[] _itemIds;
    private readonly TensorSpec _history;
    private readonly TensorSpec? _historyLength;
    private readonly TensorSpec? _topK;
    private readonly TensorSpec _scores;
    private readonly TensorSpec? _items;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public LoadedModel(string model, int version, ModelConfig config, InferenceSession session, string device)
    {
        Model = model;
        Version = version;
        Config = config;
        Device = device;
        _session = session;
        _itemIds = config.ItemIds;
        _indexOf = new Dictionary<string, long>(config.ItemIds.Length, StringComparer.Ordinal);
        for (var i = 0; i < config.ItemIds.Length; i++)
        {
            _indexOf[config.ItemIds[i]] = i + 1;
        }

        var inputs = config.Signature.Inputs;
        var outputs = config.Signature.Outputs;
        _history = inputs.Single(s => s.Role == TensorRole.HistoryItemIds);
        _historyLength = inputs.SingleOrDefault(s => s.Role == TensorRole.HistoryLength);
        _topK = inputs.SingleOrDefault(s => s.Role == TensorRole.TopK);
        _scores = outputs.Single(s => s.Role == TensorRole.Scores);
        _items = outputs.SingleOrDefault(s => s.Role == TensorRole.ItemIds);
        _inputNames = inputs.Select(s => s.Name).ToArray();
        _outputNames = _items is null ? [_scores.Name] : [_scores.Name, _items.Name];
    }

    public string Model { get; }

    public int Version { get; }

    public ModelConfig Config { get; }

    /// <summary>The device the session runs on (<c>cpu</c> or <c>cuda</c>).</summary>
    public string Device { get; }

    public int ItemCount => _itemIds.Length;

    /// <summary>Scores a history (external item ids, oldest first) and returns the top k, minus excluded items.</summary>
    public PredictionResult Predict(IReadOnlyList<string> history, int k, IReadOnlyCollection<string> exclude)
    {
        var known = new List<long>(Math.Min(history.Count, Config.HistoryLength));
        for (var i = history.Count - 1; i >= 0 && known.Count < Config.HistoryLength; i--)
        {
            if (_indexOf.TryGetValue(history[i], out var index))
            {
                known.Add(index);
            }
        }

        if (known.Count == 0)
        {
            return new PredictionResult { KnownHistoryItems = 0 };
        }

        known.Reverse();
        var excluded = exclude.Count(_indexOf.ContainsKey);
        var want = (int)Math.Min((long)k + excluded, _itemIds.Length);
        var (indices, scores) = Run(known, want);

        var excludeSet = exclude as IReadOnlySet<string> ?? exclude.ToHashSet(StringComparer.Ordinal);
        var items = new List<ScoredItem>(k);
        for (var i = 0; i < indices.Length && items.Count < k; i++)
        {
            var index = indices[i];
            if (index <= 0 || index > _itemIds.Length)
            {
                continue;
            }

            var itemId = _itemIds[index - 1];
            if (!excludeSet.Contains(itemId))
            {
                items.Add(new ScoredItem(itemId, scores[i]));
            }
        }

        return new PredictionResult { Items = [.. items], KnownHistoryItems = known.Count };
    }

    private (long[] Indices, float[] Scores) Run(List<long> known, int want)
    {
        var length = _history.Dims.Length == 2 && _history.Dims[1] > 0 ? (int)_history.Dims[1] : known.Count;
        var row = new long[length];
        var offset = Math.Max(0, length - known.Count);
        for (var i = 0; i < Math.Min(length, known.Count); i++)
        {
            row[offset + i] = known[known.Count - Math.Min(length, known.Count) + i];
        }

        var values = new List<OrtValue>(_inputNames.Length);
        try
        {
            foreach (var name in _inputNames)
            {
                values.Add(InputFor(name, row, Math.Min(length, known.Count), want));
            }

            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, _inputNames, values, _outputNames);
            var scoreSpan = outputs[0].GetTensorDataAsSpan<float>();
            if (_items is not null)
            {
                var indexSpan = outputs[1].GetTensorDataAsSpan<long>();
                return (indexSpan.ToArray(), scoreSpan.ToArray());
            }

            return TopOf(scoreSpan, want);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    private OrtValue InputFor(string name, long[] row, int realLength, int want)
    {
        if (name == _history.Name)
        {
            return _history.DataType == "int32"
                ? OrtValue.CreateTensorValueFromMemory(row.Select(v => (int)v).ToArray(), [1, row.Length])
                : OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
        }

        if (_historyLength is not null && name == _historyLength.Name)
        {
            return _historyLength.DataType == "int32"
                ? OrtValue.CreateTensorValueFromMemory(new[] { realLength }, [1])
                : OrtValue.CreateTensorValueFromMemory(new long[] { realLength }, [1]);
        }

        if (_topK is not null && name == _topK.Name)
        {
            return OrtValue.CreateTensorValueFromMemory(new long[] { want }, [1]);
        }

        throw new InvalidOperationException($"Model input '{name}' has no role the platform can fill.");
    }

    /// <summary>Top-k over a full score row (models that output scores for every item).</summary>
    private static (long[] Indices, float[] Scores) TopOf(ReadOnlySpan<float> row, int want)
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

        return (indices, scores);
    }

    public void Dispose() => _session.Dispose();
}
