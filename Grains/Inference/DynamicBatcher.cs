using System.Threading.Channels;
using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>
/// Gathers concurrent requests for one model version into batches: a batch closes at the maximum batch size or
/// the maximum queue delay after its first request, whichever comes first, and runs as one ONNX Runtime call.
/// Several runners work at once so the next batch forms while one runs. The queue is bounded: past it requests are
/// shed at once. Shed and expired requests complete with their <see cref="InferenceRefusal"/>, not an exception. Settings change at runtime (<see cref="Configure"/>) without a reload.
/// </summary>
internal sealed class DynamicBatcher : IDisposable
{
    private readonly Channel<BatchItem> _queue = Channel.CreateUnbounded<BatchItem>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private readonly Action<List<BatchItem>> _run;
    private readonly TimeProvider _time;
    private readonly Action<BatchItem>? _expired;
    private readonly Action? _shed;
    private readonly Action<int>? _failed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<CancellationTokenSource> _runners = [];
    private readonly Lock _runnersLock = new();
    private readonly Lock _forming = new();

    /// <summary>Wakes the runner forming a batch: an empty queue got a request, a batch's worth is queued, or the batch's delay is over.</summary>
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);
    private volatile BatchingConfig _settings;
    private int _queued;

    /// <summary>1 while the forming runner sleeps until a first request arrives.</summary>
    private int _awaitingFirst;

    public DynamicBatcher(BatchingConfig settings, int defaultInstances, Action<List<BatchItem>> run, TimeProvider time, Action<BatchItem>? expired = null, Action<int>? failed = null, Action? shed = null)
    {
        _settings = settings;
        DefaultInstances = Math.Max(1, defaultInstances);
        _run = run;
        _time = time;
        _expired = expired;
        _failed = failed;
        _shed = shed;
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

    private static readonly Task<RankedRow> Overloaded = Task.FromResult(RankedRow.Refused(InferenceRefusal.Overloaded));

    /// <summary>Queues a request; when the queue is full it is shed at once: the task is already complete, refused <see cref="InferenceRefusal.Overloaded"/>.</summary>
    public Task<RankedRow> SubmitAsync(long[] history, int want, DateTimeOffset? deadline)
    {
        var queued = Interlocked.Increment(ref _queued);
        if (queued > _settings.MaxQueueLength)
        {
            Interlocked.Decrement(ref _queued);
            _shed?.Invoke();
            return Overloaded;
        }

        var item = new BatchItem(history, want, deadline, _time.GetTimestamp());
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(nameof(DynamicBatcher));
        }

        // Wake the forming runner only when it waits for a first request or a batch's worth is queued. The fence
        // orders the write above before the read of the flag (the runner raises the flag, then looks again).
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _awaitingFirst) == 1 || queued >= _settings.MaxBatchSize)
        {
            _signal.Set();
        }

        return item.Completion.Task;
    }

    /// <summary>
    /// One runner: it takes its turn to form a batch (one runner forms at a time, so batches fill instead of being
    /// split between runners), then runs it while the next runner forms the next one. Forming sleeps on one signal,
    /// set by a submit that finds the queue empty or at a full batch, or by the batch's close timer — not woken by
    /// every request, and never spinning.
    /// </summary>
    private void Runner(CancellationToken stop)
    {
        var batch = new List<BatchItem>();
        var stopped = false;
        while (!stopped)
        {
            batch.Clear();
            lock (_forming)
            {
                stopped = FormBatch(batch, stop);

                Interlocked.Add(ref _queued, -batch.Count);
            }

            if (batch.Count > 0)
            {
                Execute(batch);
            }
        }
    }

    /// <summary>Fills <paramref name="batch"/> per the settings; true when the runner must stop (requests already taken stay in the batch).</summary>
    private bool FormBatch(List<BatchItem> batch, CancellationToken stop)
    {
        var reader = _queue.Reader;
        BatchItem? first;
        while (!reader.TryRead(out first))
        {
            // Say "waiting" before looking again: a submit either finds the flag (and sets the signal after its
            // write) or wrote before the flag was raised (and the look below finds its request).
            _signal.Reset();
            Interlocked.Exchange(ref _awaitingFirst, 1);
            if (reader.TryRead(out first))
            {
                Volatile.Write(ref _awaitingFirst, 0);
                break;
            }

            var woken = Sleep(stop);
            Volatile.Write(ref _awaitingFirst, 0);
            if (!woken)
            {
                return true;
            }
        }

        batch.Add(first);
        var settings = _settings;
        var closeAt = first.EnqueuedAt + (long)(settings.MaxQueueDelay.TotalSeconds * _time.TimestampFrequency);
        ITimer? closer = null;
        try
        {
            while (true)
            {
                _signal.Reset();
                while (batch.Count < settings.MaxBatchSize && reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                var remaining = _time.GetElapsedTime(_time.GetTimestamp(), closeAt);
                if (batch.Count >= settings.MaxBatchSize || remaining <= TimeSpan.Zero)
                {
                    return false;
                }

                // Re-armed on every wake-up: a timer may fire a little early (timers count whole milliseconds), and
                // the batch must still close when its delay is over.
                var due = TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds));
                if (closer is null)
                {
                    closer = _time.CreateTimer(static signal => ((ManualResetEventSlim)signal!).Set(), _signal, due, Timeout.InfiniteTimeSpan);
                }
                else
                {
                    closer.Change(due, Timeout.InfiniteTimeSpan);
                }

                if (!Sleep(stop))
                {
                    return true;
                }
            }
        }
        finally
        {
            closer?.Dispose();
        }
    }

    /// <summary>Waits for the signal; false when the runner is retired or the batcher disposed.</summary>
    private bool Sleep(CancellationToken stop)
    {
        try
        {
            _signal.Wait(stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private void Execute(List<BatchItem> batch)
    {
        var now = _time.GetUtcNow();
        for (var i = batch.Count - 1; i >= 0; i--)
        {
            if (batch[i].Deadline is { } deadline && deadline <= now)
            {
                _expired?.Invoke(batch[i]);
                batch[i].Completion.TrySetResult(RankedRow.Refused(InferenceRefusal.DeadlineExceeded));
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
