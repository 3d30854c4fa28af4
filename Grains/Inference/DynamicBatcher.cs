using System.Threading.Channels;
using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>
/// Gathers concurrent requests for one model version into batches: a batch closes at the maximum batch size or
/// the maximum queue delay after its first request, whichever comes first, and runs as one ONNX Runtime call.
/// Several runners work at once so the next batch forms while one runs. The queue is bounded: past it requests are
/// shed at once. Settings change at runtime (<see cref="Configure"/>) without a reload.
/// </summary>
internal sealed class DynamicBatcher : IDisposable
{
    private readonly Channel<BatchItem> _queue = Channel.CreateUnbounded<BatchItem>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private readonly Action<List<BatchItem>> _run;
    private readonly TimeProvider _time;
    private readonly Action<BatchItem>? _expired;
    private readonly Action<int>? _failed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<CancellationTokenSource> _runners = [];
    private readonly Lock _runnersLock = new();
    private volatile BatchingConfig _settings;
    private int _queued;

    public DynamicBatcher(BatchingConfig settings, int defaultInstances, Action<List<BatchItem>> run, TimeProvider time, Action<BatchItem>? expired = null, Action<int>? failed = null)
    {
        _settings = settings;
        DefaultInstances = Math.Max(1, defaultInstances);
        _run = run;
        _time = time;
        _expired = expired;
        _failed = failed;
        Configure(settings);
    }

    /// <summary>Runners used when the settings leave the choice to the silo (<see cref="BatchingConfig.Instances"/> = 0).</summary>
    public int DefaultInstances { get; }

    public BatchingConfig Settings => _settings;

    public int Queued => Volatile.Read(ref _queued);

    public int Runners
    {
        get
        {
            lock (_runnersLock)
            {
                return _runners.Count;
            }
        }
    }

    /// <summary>Applies new settings; runners are added or retired to match.</summary>
    public void Configure(BatchingConfig settings)
    {
        _settings = settings;
        var wanted = settings.Instances > 0 ? settings.Instances : DefaultInstances;
        lock (_runnersLock)
        {
            while (_runners.Count < wanted)
            {
                var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                _runners.Add(stop);
                // A dedicated thread per runner: ONNX Runtime runs block, and must not take thread-pool threads
                // from the callers whose requests form the next batch.
                new Thread(() => Runner(stop.Token)) { IsBackground = true, Name = "rec-batcher" }.Start();
            }

            while (_runners.Count > wanted)
            {
                var last = _runners[^1];
                _runners.RemoveAt(_runners.Count - 1);
                last.Cancel();
                last.Dispose();
            }
        }
    }

    /// <summary>Queues a request; throws <see cref="InferenceOverloadedException"/> at once when the queue is full.</summary>
    public Task<RankedRow> SubmitAsync(long[] history, int want, DateTimeOffset? deadline)
    {
        if (Interlocked.Increment(ref _queued) > _settings.MaxQueueLength)
        {
            Interlocked.Decrement(ref _queued);
            throw new InferenceOverloadedException($"the inference queue is full ({_settings.MaxQueueLength} requests waiting)", TimeSpan.FromSeconds(1));
        }

        var item = new BatchItem(history, want, deadline, _time.GetTimestamp());
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(nameof(DynamicBatcher));
        }

        return item.Completion.Task;
    }

    private void Runner(CancellationToken stop)
    {
        var reader = _queue.Reader;
        var batch = new List<BatchItem>();
        try
        {
            while (Wait(reader.WaitToReadAsync(stop)))
            {
                batch.Clear();
                if (!reader.TryRead(out var first))
                {
                    continue;
                }

                batch.Add(first);
                var settings = _settings;
                var closeAt = first.EnqueuedAt + (long)(settings.MaxQueueDelay.TotalSeconds * _time.TimestampFrequency);
                while (batch.Count < settings.MaxBatchSize)
                {
                    if (reader.TryRead(out var next))
                    {
                        batch.Add(next);
                        continue;
                    }

                    var remaining = _time.GetElapsedTime(_time.GetTimestamp(), closeAt);
                    if (remaining <= TimeSpan.Zero)
                    {
                        break;
                    }

                    var more = reader.WaitToReadAsync(stop).AsTask();
                    if (Task.WaitAny(more, Task.Delay(remaining, _time, stop)) != 0 || !more.Result)
                    {
                        break;
                    }
                }

                Interlocked.Add(ref _queued, -batch.Count);
                Execute(batch);
            }
        }
        catch (Exception e) when (e is OperationCanceledException || (e is AggregateException a && a.InnerException is OperationCanceledException))
        {
            // Retired or shutting down: requests already taken were completed; the rest stay for other runners.
        }
    }

    private static bool Wait(ValueTask<bool> pending) => pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private void Execute(List<BatchItem> batch)
    {
        var now = _time.GetUtcNow();
        for (var i = batch.Count - 1; i >= 0; i--)
        {
            if (batch[i].Deadline is { } deadline && deadline <= now)
            {
                _expired?.Invoke(batch[i]);
                batch[i].Completion.TrySetException(new InferenceDeadlineExceededException("the request's deadline passed before inference"));
                batch.RemoveAt(i);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            _run(batch);
        }
        catch (Exception e)
        {
            _failed?.Invoke(batch.Count);
            foreach (var item in batch)
            {
                item.Completion.TrySetException(e);
            }
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        while (_queue.Reader.TryRead(out var item))
        {
            item.Completion.TrySetException(new ObjectDisposedException("the model version was unloaded"));
        }

        lock (_runnersLock)
        {
            foreach (var runner in _runners)
            {
                runner.Dispose();
            }

            _runners.Clear();
        }

        _stopping.Dispose();
    }
}
