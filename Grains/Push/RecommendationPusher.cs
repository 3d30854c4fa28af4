using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Inference;
using Orleans.Rec.Serving;

namespace Orleans.Rec.Push;

/// <summary>
/// Push mode on one silo (a per-silo service; profile grains call it in their own turn): which models push here, the
/// bound on users waiting for a list (back-pressure), computing each list through <see cref="RecommendationPipeline"/>
/// (the same batcher as REST), publishing it, and the push metrics on the <c>Orleans.Rec</c> meter.
/// </summary>
public sealed class RecommendationPusher : IDisposable
{
    private readonly IInferenceEngine _engine;
    private readonly RecommendationPipeline _pipeline;
    private readonly IRecommendationPublisher _publisher;
    private readonly PushOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RecommendationPusher> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Counter<long> _publishedCounter;
    private readonly Counter<long> _debouncedCounter;
    private readonly Counter<long> _failedCounter;
    private readonly Histogram<double> _latency;
    private readonly long[] _latencyBuckets = new long[LatencyBuckets.Count];
    private readonly Lock _refresh = new();
    private Snapshot? _models;
    private long _published;
    private long _debounced;
    private long _failed;

    public RecommendationPusher(
        IInferenceEngine engine,
        RecommendationPipeline pipeline,
        IRecommendationPublisher publisher,
        IOptions<PushOptions> options,
        IMeterFactory meters,
        TimeProvider time,
        ILogger<RecommendationPusher> logger)
    {
        _engine = engine;
        _pipeline = pipeline;
        _publisher = publisher;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxPendingUsers, _options.MaxPendingUsers);
        var meter = meters.Create(RecMetrics.MeterName);
        _publishedCounter = meter.CreateCounter<long>("rec.push.published", "{list}", "Lists pushed to the recommendations topic as users act");
        _debouncedCounter = meter.CreateCounter<long>("rec.push.debounced", "{event}", "Events that joined a burst already waiting for its list: lists skipped by debounce");
        _failedCounter = meter.CreateCounter<long>("rec.push.failed", "{attempt}", "Push attempts that failed to compute or publish (the burst is retried)");
        _latency = meter.CreateHistogram<double>(
            "rec.push.latency", "ms", "Time from a burst's last event (its Kafka timestamp, else its arrival) to its list's acknowledgement, debounce included",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets.BoundsMs });
        meter.CreateObservableGauge("rec.push.pending", () => Pending, "{user}", "Users whose burst waits for its list");
    }

    /// <summary>Users whose burst waits for its list now.</summary>
    public int Pending => _options.MaxPendingUsers - _slots.CurrentCount;

    /// <summary>The debounce window when a model pushes on this silo, else null: events then schedule nothing.</summary>
    public PushWindow? Window => Models().Window;

    /// <summary>How long a burst whose push failed waits before it is tried again.</summary>
    public TimeSpan RetryDelay => _options.RetryDelay;

    /// <summary>Waits for room among the users with a waiting burst (back-pressure on the caller's event delivery).</summary>
    public Task EnterAsync(CancellationToken cancellationToken = default) => _slots.WaitAsync(cancellationToken);

    /// <summary>Gives back the room of a burst that is over.</summary>
    public void Leave() => _slots.Release();

    /// <summary>Counts events that get no list of their own because they joined a burst.</summary>
    public void CountDebounced(int events)
    {
        if (events > 0)
        {
            Interlocked.Add(ref _debounced, events);
            _debouncedCounter.Add(events);
        }
    }

    /// <summary>
    /// Computes and publishes the burst's list for every model that pushes for this user, all with
    /// <paramref name="sequence"/>. A failure stops at once: the burst is tried again later with the same sequence,
    /// so the lists already out are repeats a consumer drops.
    /// </summary>
    public async Task<PushOutcome> PushAsync(string userId, PendingPush burst, long sequence, IReadOnlyList<string> history, IReadOnlySet<string> purchased, CancellationToken cancellationToken = default)
    {
        var published = 0;
        foreach (var model in Models().Names)
        {
            Recommendation? recommendation;
            try
            {
                recommendation = await _pipeline.RecommendForPushAsync(userId, model, history, purchased);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                RecLog.PushComputeFailed(_logger, e, userId, model);
                CountFailed();
                return PushOutcome.Failed;
            }

            if (recommendation is null)
            {
                continue;
            }

            if (recommendation.Refused)
            {
                RecLog.PushRefused(_logger, userId, model, recommendation.Result.Refusal);
                CountFailed();
                return PushOutcome.Failed;
            }

            var result = recommendation.Result;
            var list = new PushedList
            {
                UserId = userId,
                Model = model,
                Version = result.Version,
                Fallback = result.Fallback,
                Sequence = sequence,
                Trigger = burst.Trigger,
                Events = burst.Events,
                Items = result.Items,
                At = _time.GetUtcNow(),
            };
            if (!await _publisher.PublishAsync(list, cancellationToken))
            {
                CountFailed();
                return PushOutcome.Failed;
            }

            published++;
            var milliseconds = (_time.GetUtcNow() - (burst.Trigger.ProducedAt ?? burst.LastEventAt)).TotalMilliseconds;
            Interlocked.Increment(ref _published);
            Interlocked.Increment(ref _latencyBuckets[LatencyBuckets.IndexOf(milliseconds)]);
            var tags = new KeyValuePair<string, object?>("model", model);
            _publishedCounter.Add(1, tags);
            _latency.Record(milliseconds, tags);
        }

        return published > 0 ? PushOutcome.Published : PushOutcome.NothingToPush;
    }

    /// <summary>Push on this silo since it started.</summary>
    public PushStatus Status(string silo) => new()
    {
        Silo = silo,
        Models = Models().Names,
        Published = Interlocked.Read(ref _published),
        Debounced = Interlocked.Read(ref _debounced),
        Failed = Interlocked.Read(ref _failed),
        Pending = Pending,
        MaxPending = _options.MaxPendingUsers,
        LatencyBuckets = Enumerable.Range(0, _latencyBuckets.Length).Select(i => Interlocked.Read(ref _latencyBuckets[i])).ToArray(),
    };

    public void Dispose() => _slots.Dispose();

    private void CountFailed()
    {
        Interlocked.Increment(ref _failed);
        _failedCounter.Add(1);
    }

    /// <summary>The models in push mode on this silo, looked at again at most every <see cref="PushOptions.ModelRefreshInterval"/>.</summary>
    private Snapshot Models()
    {
        var models = _models;
        var now = _time.GetTimestamp();
        if (models is not null && _time.GetElapsedTime(models.At, now) < _options.ModelRefreshInterval)
        {
            return models;
        }

        lock (_refresh)
        {
            if (_models != models && _models is not null)
            {
                return _models;
            }

            var pushing = _publisher.CanPublish
                ? _engine.Loaded.Where(m => m.Config.Push.Enabled).ToArray()
                : [];
            var names = pushing.Select(m => m.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            PushWindow? window = pushing.Length == 0
                ? null
                : new PushWindow(pushing.Max(m => m.Config.Push.Debounce), pushing.Max(m => m.Config.Push.MaxDelay));
            if (!names.SequenceEqual(models?.Names ?? [], StringComparer.Ordinal))
            {
                RecLog.PushModelsChanged(_logger, names.Length == 0 ? "no model" : string.Join(", ", names));
            }

            _models = new Snapshot(names, window, now);
            return _models;
        }
    }

    private sealed record Snapshot(string[] Names, PushWindow? Window, long At);
}
