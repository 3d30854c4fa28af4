using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Orleans.Rec.Inference;

/// <summary>
/// Runs batches of a recommender graph (history ids [+ lengths] [+ k] → top-k scores and item ids) through ONNX
/// Runtime I/O binding. Each concurrent run takes a slot: native host buffers (CUDA-pinned on the GPU, so the
/// device copies inputs in and top-k results out by DMA without ONNX Runtime staging them) that grow to the largest
/// batch seen and are reused, and one <see cref="OrtIoBinding"/>.
/// </summary>
internal sealed class BoundRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtAllocator _allocator;
    private readonly OrtMemoryInfo? _pinned;
    private readonly string _history;
    private readonly string? _historyLength;
    private readonly string? _topK;
    private readonly string _scores;
    private readonly string _items;
    private readonly ConcurrentBag<Slot> _slots = [];
    private int _disposed;

    /// <param name="session">The version's session.</param>
    /// <param name="cudaDeviceId">The CUDA device for pinned buffers; null on the CPU.</param>
    /// <param name="history">The int64 history input [rows, length].</param>
    /// <param name="historyLength">The optional int64 lengths input [rows].</param>
    /// <param name="topK">The optional int64 k input [1].</param>
    /// <param name="scores">The float top-k scores output [rows, k].</param>
    /// <param name="items">The int64 top-k item indices output [rows, k].</param>
    public BoundRunner(InferenceSession session, int? cudaDeviceId, string history, string? historyLength, string? topK, string scores, string items)
    {
        _session = session;
        if (cudaDeviceId is int device)
        {
            _pinned = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA_PINNED, OrtAllocatorType.DeviceAllocator, device, OrtMemType.CpuOutput);
            _allocator = new OrtAllocator(session, _pinned);
        }
        else
        {
            _allocator = OrtAllocator.DefaultInstance;
        }

        _history = history;
        _historyLength = historyLength;
        _topK = topK;
        _scores = scores;
        _items = items;
    }

    /// <summary>
    /// One run: <paramref name="input"/> holds <paramref name="rows"/> × <paramref name="length"/> padded history ids,
    /// <paramref name="lengths"/> the real lengths; the top <paramref name="want"/> of each row are written to
    /// <paramref name="topScores"/> and <paramref name="topItems"/> (row-major).
    /// </summary>
    public void Run(RunOptions options, long[] input, long[]? lengths, int rows, int length, int want, float[] topScores, long[] topItems)
    {
        if (!_slots.TryTake(out var slot))
        {
            slot = new Slot(_session, _allocator);
        }

        var values = new List<OrtValue>(5);
        try
        {
            slot.Reserve(rows * length, rows, rows * want);
            input.AsSpan(0, rows * length).CopyTo(slot.Input.GetTensorMutableDataAsSpan<long>());
            values.Add(slot.View(slot.Input, TensorElementType.Int64, [rows, length]));
            slot.Binding.BindInput(_history, values[^1]);
            if (_historyLength is not null && lengths is not null)
            {
                lengths.AsSpan(0, rows).CopyTo(slot.Lengths.GetTensorMutableDataAsSpan<long>());
                values.Add(slot.View(slot.Lengths, TensorElementType.Int64, [rows]));
                slot.Binding.BindInput(_historyLength, values[^1]);
            }

            if (_topK is not null)
            {
                // k stays in ordinary CPU memory: TopK reads it on the host whichever device runs the graph.
                values.Add(OrtValue.CreateTensorValueFromMemory(new[] { (long)want }, [1]));
                slot.Binding.BindInput(_topK, values[^1]);
            }

            values.Add(slot.View(slot.Scores, TensorElementType.Float, [rows, want]));
            slot.Binding.BindOutput(_scores, values[^1]);
            values.Add(slot.View(slot.Items, TensorElementType.Int64, [rows, want]));
            slot.Binding.BindOutput(_items, values[^1]);

            _session.RunWithBinding(options, slot.Binding);
            slot.Binding.SynchronizeBoundOutputs();
            slot.Scores.GetTensorDataAsSpan<float>()[..(rows * want)].CopyTo(topScores);
            slot.Items.GetTensorDataAsSpan<long>()[..(rows * want)].CopyTo(topItems);
        }
        finally
        {
            slot.Binding.ClearBoundInputs();
            slot.Binding.ClearBoundOutputs();
            foreach (var value in values)
            {
                value.Dispose();
            }

            if (Volatile.Read(ref _disposed) == 0)
            {
                _slots.Add(slot);
            }
            else
            {
                slot.Dispose();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        while (_slots.TryTake(out var slot))
        {
            slot.Dispose();
        }

        if (_pinned is not null)
        {
            _allocator.Dispose();
            _pinned.Dispose();
        }
    }

    /// <summary>One run's binding and native buffers (flat tensors from the allocator, viewed per run with the batch's shape); each only grows.</summary>
    private sealed class Slot(InferenceSession session, OrtAllocator allocator) : IDisposable
    {
        public OrtIoBinding Binding { get; } = session.CreateIoBinding();

        public OrtValue Input { get; private set; } = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Int64, [1]);

        public OrtValue Lengths { get; private set; } = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Int64, [1]);

        public OrtValue Scores { get; private set; } = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, [1]);

        public OrtValue Items { get; private set; } = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Int64, [1]);

        public void Reserve(int inputs, int rows, int results)
        {
            Input = Grow(Input, TensorElementType.Int64, inputs);
            Lengths = Grow(Lengths, TensorElementType.Int64, rows);
            Scores = Grow(Scores, TensorElementType.Float, results);
            Items = Grow(Items, TensorElementType.Int64, results);
        }

        /// <summary>A tensor of <paramref name="shape"/> over the start of a flat buffer (no copy).</summary>
        public unsafe OrtValue View(OrtValue buffer, TensorElementType type, long[] shape)
        {
            var bytes = buffer.GetTensorMutableRawData();
            var used = shape.Aggregate(1L, (a, b) => a * b) * ElementBytes(type);
            fixed (byte* start = bytes)
            {
                // The memory is native (allocator-owned), so the address stays valid after the fixed block.
                return OrtValue.CreateTensorValueWithData(allocator.Info, type, shape, (IntPtr)start, used);
            }
        }

        private static long ElementBytes(TensorElementType type) => type == TensorElementType.Float ? sizeof(float) : sizeof(long);

        public void Dispose()
        {
            Binding.Dispose();
            Input.Dispose();
            Lengths.Dispose();
            Scores.Dispose();
            Items.Dispose();
        }

        private OrtValue Grow(OrtValue buffer, TensorElementType type, int elements)
        {
            var size = buffer.GetTensorSizeInBytes() / ElementBytes(type);
            if (size >= elements)
            {
                return buffer;
            }

            // Doubling keeps reallocations to a handful while batch shapes vary.
            var grown = OrtValue.CreateAllocatedTensorValue(allocator, type, [Math.Max(elements, size * 2)]);
            buffer.Dispose();
            return grown;
        }
    }
}
