using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>
/// Runs batches of requests through one version's ONNX Runtime session: fills the inputs its signature names
/// (histories left-padded with 0 to one length, int64 or int32; the optional lengths and k), runs it once per batch,
/// plainly or through I/O binding (<see cref="IoBindingMode"/>), and completes each request with its ranked row.
/// Thread-safe: several batches may run at once. It owns the session.
/// </summary>
internal sealed class OnnxBatchRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly TensorSpec _history;
    private readonly TensorSpec? _historyLength;
    private readonly TensorSpec? _topK;
    private readonly TensorSpec _scores;
    private readonly TensorSpec? _items;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly BoundRunner? _bound;

    /// <param name="session">The version's session; disposed with the runner.</param>
    /// <param name="signature">What the model's tensors mean.</param>
    /// <param name="device">The device the session runs on (<c>cpu</c> or <c>cuda</c>).</param>
    /// <param name="ioBinding">When to run through I/O binding (only models with int64 inputs and top-k outputs can).</param>
    /// <param name="deviceId">The CUDA device, for pinned buffers.</param>
    public OnnxBatchRunner(InferenceSession session, ModelSignature signature, string device, IoBindingMode ioBinding = IoBindingMode.Auto, int deviceId = 0)
    {
        _session = session;
        var inputs = signature.Inputs;
        var outputs = signature.Outputs;
        _history = inputs.Single(s => s.Role == TensorRole.HistoryItemIds);
        _historyLength = inputs.SingleOrDefault(s => s.Role == TensorRole.HistoryLength);
        _topK = inputs.SingleOrDefault(s => s.Role == TensorRole.TopK);
        _scores = outputs.Single(s => s.Role == TensorRole.Scores);
        _items = outputs.SingleOrDefault(s => s.Role == TensorRole.ItemIds);
        _inputNames = inputs.Select(s => s.Name).ToArray();
        _outputNames = _items is null ? [_scores.Name] : [_scores.Name, _items.Name];
        // An export traced with batch size 1 (a fixed first dimension of 1) takes one request per run.
        OneRequestPerRun = session.InputMetadata.TryGetValue(_history.Name, out var history) && history.Dimensions is [1, ..];
        var cuda = device == "cuda";
        var bindable = _topK is not null && _items is not null && _history.DataType == "int64" && _historyLength is null or { DataType: "int64" };
        if (bindable && (ioBinding == IoBindingMode.Always || (ioBinding == IoBindingMode.Auto && cuda)))
        {
            _bound = new BoundRunner(session, cuda ? deviceId : null, _history.Name, _historyLength?.Name, _topK?.Name, _scores.Name, _items!.Name);
        }
    }

    /// <summary>True when the model's batch dimension is fixed to 1: every run scores one request (no batching).</summary>
    public bool OneRequestPerRun { get; }

    /// <summary>True when batches run through ONNX Runtime I/O binding.</summary>
    public bool IoBound => _bound is not null;

    /// <summary>
    /// One ONNX Runtime run for <paramref name="batch"/>; each request's completion gets its top
    /// <see cref="BatchItem.Want"/> (fewer when the model ranks fewer). A failed run throws and completes nothing.
    /// </summary>
    public void Run(List<BatchItem> batch)
    {
        var rows = batch.Count;
        var length = HistoryWidth(batch);
        var want = 0;
        foreach (var item in batch)
        {
            want = Math.Max(want, item.Want);
        }

        var input = ArrayPool<long>.Shared.Rent(rows * length);
        var lengths = _historyLength is null ? null : ArrayPool<long>.Shared.Rent(rows);
        try
        {
            FillHistories(batch, input.AsSpan(0, rows * length), length, lengths);
            if (_topK is not null && _items is not null)
            {
                RunTopK(batch, input, lengths, length, want);
            }
            else
            {
                RunFullOutput(batch, input, lengths, length, want);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(input);
            if (lengths is not null)
            {
                ArrayPool<long>.Shared.Return(lengths);
            }
        }
    }

    /// <summary>The padded history length: the model's fixed length when its signature has one, else the longest history.</summary>
    private int HistoryWidth(List<BatchItem> batch)
    {
        if (_history.Dims.Length == 2 && _history.Dims[1] > 0)
        {
            return (int)_history.Dims[1];
        }

        var longest = 1;
        foreach (var item in batch)
        {
            longest = Math.Max(longest, item.History.Length);
        }

        return longest;
    }

    /// <summary>Left-pads each history with 0 to <paramref name="length"/>, keeping its most recent items when longer.</summary>
    private static void FillHistories(List<BatchItem> batch, Span<long> input, int length, long[]? lengths)
    {
        input.Clear();
        for (var r = 0; r < batch.Count; r++)
        {
            var history = batch[r].History;
            var n = Math.Min(history.Length, length);
            history.AsSpan(history.Length - n).CopyTo(input.Slice((r * length) + length - n, n));
            if (lengths is not null)
            {
                lengths[r] = n;
            }
        }
    }

    /// <summary>Models with a k input and top-k outputs: the output shape is known ([rows, want]), so ONNX Runtime writes into pooled buffers.</summary>
    private void RunTopK(List<BatchItem> batch, long[] input, long[]? lengths, int length, int want)
    {
        var rows = batch.Count;
        var topScores = ArrayPool<float>.Shared.Rent(rows * want);
        var topItems = ArrayPool<long>.Shared.Rent(rows * want);
        var values = new List<OrtValue>(_inputNames.Length);
        var outputs = new List<OrtValue>(2);
        try
        {
            if (_bound is not null)
            {
                _bound.Run(_runOptions, input, lengths, rows, length, want, topScores, topItems);
            }
            else
            {
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
        finally
        {
            Dispose(values);
            Dispose(outputs);
            ArrayPool<float>.Shared.Return(topScores);
            ArrayPool<long>.Shared.Return(topItems);
        }
    }

    /// <summary>
    /// Models without a k input: the runtime allocates the outputs. With an item-id output each row is already
    /// ranked (its first <c>want</c> are taken); otherwise each row scores every model index and is ranked here.
    /// </summary>
    private void RunFullOutput(List<BatchItem> batch, long[] input, long[]? lengths, int length, int want)
    {
        var values = new List<OrtValue>(_inputNames.Length);
        try
        {
            AddInputs(values, input, lengths, batch.Count, length, want);
            using var results = _session.Run(_runOptions, _inputNames, values, _outputNames);
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
                batch[r].Completion.TrySetResult(ModelOutputDecoder.TopOf(scores.Slice(r * width, width), batch[r].Want));
            }
        }
        finally
        {
            Dispose(values);
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
            return Tensor(_history, input, rows * length, [rows, length]);
        }

        if (_historyLength is not null && lengths is not null && name == _historyLength.Name)
        {
            return Tensor(_historyLength, lengths, rows, [rows]);
        }

        if (_topK is not null && name == _topK.Name)
        {
            return OrtValue.CreateTensorValueFromMemory(new long[] { want }, [1]);
        }

        throw new InvalidOperationException($"Model input '{name}' has no role the platform can fill.");
    }

    /// <summary>The first <paramref name="count"/> values as a tensor of the spec's type: int64 in place, int32 converted.</summary>
    private static OrtValue Tensor(TensorSpec spec, long[] values, int count, long[] shape)
    {
        if (spec.DataType != "int32")
        {
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, values.AsMemory(0, count), shape);
        }

        var narrow = new int[count];
        for (var i = 0; i < count; i++)
        {
            narrow[i] = (int)values[i];
        }

        return OrtValue.CreateTensorValueFromMemory(narrow, shape);
    }

    private static void Dispose(List<OrtValue> values)
    {
        foreach (var value in values)
        {
            value.Dispose();
        }
    }

    public void Dispose()
    {
        _bound?.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
