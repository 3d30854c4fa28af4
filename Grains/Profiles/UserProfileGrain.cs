using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Events;
using Orleans.Rec.Impressions;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Orleans.Rec.Profiles;

/// <summary>
/// One user's profile. Implicitly subscribed to the user's <c>user-events</c> stream; applies events in memory
/// (deduplicated by event id) and persists write-behind, so a burst of events costs one storage write.
/// </summary>
[ImplicitStreamSubscription(RecNames.UserEventsNamespace)]
public sealed class UserProfileGrain(
    [PersistentState("profile", RecNames.ProfileStorage)] IPersistentState<UserProfileState> state,
    IOptions<ProfileOptions> options,
    PopularityTracker popularity,
    IInferenceEngine engine,
    TrafficPolicyCache traffic,
    IImpressionLog impressions,
    TimeProvider time,
    ILogger<UserProfileGrain> logger) : Grain, IUserProfileGrain, IStreamSubscriptionObserver, IAsyncObserver<UserEvent>, IAsyncBatchObserver<UserEvent>
{
    private const int MaxK = 1000;
    private static readonly ServingConfig DefaultServing = new();
    private readonly ProfileOptions _options = options.Value;
    private HashSet<string> _seen = new(StringComparer.Ordinal);
    private bool _dirty;
    private IGrainTimer? _flushTimer;
    private DateTimeOffset _flushDue;

    private string UserId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seen = new HashSet<string>(state.State.RecentEventIds, StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushAsync();
    }

    /// <summary>
    /// Resumes as a batch observer: a batch container of many events (a Kafka read packs one user's events together)
    /// is applied in one turn with one write-behind mark, not one observer call per event.
    /// </summary>
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<UserEvent>().ResumeAsync((IAsyncBatchObserver<UserEvent>)this);

    public Task OnNextAsync(UserEvent item, StreamSequenceToken? token = null) => ApplyEventsAsync([item]);

    public Task OnNextAsync(IList<SequentialItem<UserEvent>> items)
    {
        var events = new UserEvent[items.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = items[i].Item;
        }

        return ApplyEventsAsync(events);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        RecLog.StreamError(logger, ex, UserId);
        return Task.CompletedTask;
    }

    public async Task<int> ApplyEventsAsync(UserEvent[] events)
    {
        var applied = Apply(events);
        if (applied > 0)
        {
            await MarkDirtyAsync(_options.WriteBehind);
        }

        return applied;
    }

    public Task<int> IngestEventsAsync(UserEvent[] events)
    {
        // The partition's checkpoint persists (PersistAsync) before it commits; until then a crash loses nothing the
        // partition will not deliver again, so no write-behind timer per profile.
        var applied = Apply(events);
        _dirty |= applied > 0;
        return Task.FromResult(applied);
    }

    private int Apply(UserEvent[] events)
    {
        var applied = 0;
        foreach (var e in events)
        {
            if (!string.Equals(e.UserId, UserId, StringComparison.Ordinal))
            {
                RecLog.ForeignEvent(logger, UserId, e.UserId);
                continue;
            }

            if (Apply(e))
            {
                applied++;
            }
        }

        return applied;
    }

    public async Task<int> PersistAsync(string[] deliveredEventIds)
    {
        await FlushAsync();

        // Only the most recent ids are remembered; older ones of a long burst cannot be checked.
        var missing = 0;
        for (var i = Math.Max(0, deliveredEventIds.Length - _options.DedupeCapacity); i < deliveredEventIds.Length; i++)
        {
            if (!_seen.Contains(deliveredEventIds[i]))
            {
                missing++;
            }
        }

        return missing;
    }

    public Task<UserProfileSnapshot> GetProfileAsync()
    {
        var s = state.State;
        return Task.FromResult(new UserProfileSnapshot
        {
            UserId = UserId,
            EventCount = s.EventCount,
            RecentViews = s.Recent.Where(i => i.Type == UserEventType.View).Select(i => i.ItemId).ToArray(),
            Cart = [.. s.Cart],
            Purchases = [.. s.Purchases],
            TopCategories = s.CategoryWeights
                .OrderByDescending(c => c.Value)
                .ThenBy(c => c.Key, StringComparer.Ordinal)
                .Take(_options.TopCategoryCount)
                .Select(c => c.Key)
                .ToArray(),
            LastEventAt = s.LastEventAt,
        });
    }

    public async Task<RecommendationResult> GetRecommendationsAsync(int k, string model)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxK);

        var exclude = state.State.Purchases.ToHashSet(StringComparer.Ordinal);
        var result = await RecommendAsync(k, model, exclude);
        var items = result.Items.Select(i => i.ItemId).ToArray();
        var now = time.GetUtcNow();
        var sequence = ++state.State.ImpressionCount;
        state.State.Served.Add(new ServedList(model, result.Version, items, now) { Sequence = sequence });
        await OpenWindowAsync(sequence, model, result.Version, items);
        impressions.TryPublish(new Impression(UserId, model, result.Version, items, RequestContext.Get(RecNames.RequestIdKey) as string ?? Guid.NewGuid().ToString("N"), now));
        TrimFront(state.State.Served, _options.ServedCapacity);

        // A served list alone waits longer before it is written: only a later event can turn it into a hit, and
        // that event's own (prompt) write carries it. Writing every served list promptly would cost one storage
        // write per request.
        await MarkDirtyAsync(_options.ServedWriteBehind);
        return result;
    }

    private async Task<RecommendationResult> RecommendAsync(int k, string model, HashSet<string> exclude)
    {
        // Routing: the version serving this user (sticky per user in a split), from this silo's copy of the policy
        // (the registry pushes every change to every silo before the change returns); a shadow scores a copy off the
        // request path.
        var policy = await traffic.GetAsync(model);
        if (policy.Route(UserId) is not int version)
        {
            return await PopularAsync(k, model, exclude, FallbackReason.NoActiveModel);
        }

        var history = state.State.Recent.Select(i => i.ItemId).ToArray();
        if (history.Length == 0)
        {
            return await PopularAsync(k, model, exclude, FallbackReason.NoHistory);
        }

        var request = new PredictionRequest
        {
            Model = model,
            Version = version,
            History = history,
            K = k,
            Exclude = [.. exclude],
        };
        ShadowScoring.Start(GrainFactory, policy, version, request, logger);

        // The silo's own engine, directly: it is what PredictorGrain forwards to, without one more message per request.
        PredictionResult prediction;
        using (var activity = RecActivities.Source.StartActivity("rec.predict"))
        {
            activity?.SetTag("rec.model", model);
            activity?.SetTag("rec.version", version);
            prediction = await engine.PredictAsync(request);
        }

        if (prediction.KnownHistoryItems == 0)
        {
            return await PopularAsync(k, model, exclude, FallbackReason.NoHistory);
        }

        return new RecommendationResult { UserId = UserId, Model = model, Version = version, Items = prediction.Items };
    }

    /// <summary>Starts the served list's attribution window, with the limits of the version's config (defaults for a fallback list).</summary>
    private async Task OpenWindowAsync(long sequence, string model, int? version, string[] items)
    {
        if (items.Length == 0)
        {
            return;
        }

        var (maxEvents, maxSpan) = version is int v && await engine.EnsureLoadedAsync(model, v) is { Config: var config }
            ? (config.AttributionEvents, config.AttributionWindow)
            : (DefaultServing.AttributionEvents, DefaultServing.AttributionWindow);
        var windows = state.State.Windows;
        windows.Add(Attribution.Open(sequence, model, version, items, state.State.LastEventAt, maxEvents, maxSpan));
        if (windows.Count > _options.OpenWindowCapacity)
        {
            var dropped = windows.Count - _options.OpenWindowCapacity;
            windows.RemoveRange(0, dropped);
            MonitoringLog.WindowsDropped(logger, UserId, _options.OpenWindowCapacity, dropped);
        }
    }

    private void Attribute(UserEvent e)
    {
        var windows = state.State.Windows;
        for (var i = 0; i < windows.Count; i++)
        {
            if (Attribution.Observe(windows[i], e.ItemId, e.Type, e.Timestamp))
            {
                state.State.Outcomes.Add(Attribution.Outcome(windows[i]));
                windows.RemoveAt(i--);
            }
        }
    }

    /// <summary>
    /// Sends closed windows (already saved) to their monitors. Per monitor, only those older than its oldest open window
    /// go, so a monitor sees each user's impressions in order and can drop repeats by number.
    /// </summary>
    private async Task ReportOutcomesAsync()
    {
        var outcomes = state.State.Outcomes;
        if (outcomes.Count == 0)
        {
            return;
        }

        foreach (var group in outcomes.GroupBy(o => o.MonitorKey, StringComparer.Ordinal).ToArray())
        {
            var oldestOpen = state.State.Windows.Where(w => ModelKeys.MonitorKey(w.Model, w.Version) == group.Key).Select(w => w.Sequence).DefaultIfEmpty(long.MaxValue).Min();
            var ready = group.Where(o => o.Sequence < oldestOpen).OrderBy(o => o.Sequence).ToArray();
            if (ready.Length == 0)
            {
                continue;
            }

            try
            {
                await GrainFactory.GetGrain<IModelMonitorGrain>(group.Key).ReportAsync(UserId, ready);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Kept (and saved) for the next flush; the monitor drops any it already counted.
                MonitoringLog.ReportFailed(logger, ex, UserId, ready.Length, group.Key);
                continue;
            }

            // Not saved at once: a repeat after a crash is dropped by the monitor.
            var sent = ready.ToHashSet();
            outcomes.RemoveAll(sent.Contains);
        }
    }

    private async Task<RecommendationResult> PopularAsync(int k, string model, HashSet<string> exclude, FallbackReason reason)
    {
        var top = await popularity.GetTopAsync(k + exclude.Count);
        return new RecommendationResult
        {
            UserId = UserId,
            Model = model,
            Fallback = reason,
            Items = top.Where(i => !exclude.Contains(i.ItemId)).Take(k).ToArray(),
        };
    }

    private bool Apply(UserEvent e)
    {
        if (!_seen.Add(e.EventId))
        {
            return false;
        }

        var s = state.State;
        s.RecentEventIds.Add(e.EventId);
        if (s.RecentEventIds.Count > _options.DedupeCapacity)
        {
            var drop = s.RecentEventIds.Count - _options.DedupeCapacity;
            foreach (var id in s.RecentEventIds.Take(drop))
            {
                _seen.Remove(id);
            }

            s.RecentEventIds.RemoveRange(0, drop);
        }

        s.EventCount++;
        s.Recent.Add(new Interaction(e.ItemId, e.Type, e.Timestamp));
        TrimFront(s.Recent, _options.RecentCapacity);
        switch (e.Type)
        {
            case UserEventType.Cart when !s.Cart.Contains(e.ItemId):
                s.Cart.Add(e.ItemId);
                break;
            case UserEventType.Purchase:
                s.Cart.Remove(e.ItemId);
                if (!s.Purchases.Contains(e.ItemId))
                {
                    s.Purchases.Add(e.ItemId);
                    TrimFront(s.Purchases, _options.PurchaseCapacity);
                }

                break;
        }

        if (!string.IsNullOrEmpty(e.CategoryId))
        {
            s.CategoryWeights[e.CategoryId] = s.CategoryWeights.GetValueOrDefault(e.CategoryId) + CategoryWeight(e.Type);
        }

        if (s.LastEventAt is null || e.Timestamp > s.LastEventAt)
        {
            s.LastEventAt = e.Timestamp;
        }

        Attribute(e);
        popularity.Record(e.ItemId);
        return true;
    }

    /// <summary>Buying says more about taste than carting, carting more than viewing.</summary>
    private static double CategoryWeight(UserEventType type) => type switch
    {
        UserEventType.Purchase => 5,
        UserEventType.Cart => 3,
        _ => 1,
    };

    private async Task MarkDirtyAsync(TimeSpan writeBehind)
    {
        _dirty = true;
        if (writeBehind <= TimeSpan.Zero)
        {
            await FlushAsync();
            return;
        }

        var due = time.GetUtcNow() + writeBehind;
        if (_flushTimer is null)
        {
            _flushTimer = this.RegisterGrainTimer(FlushFromTimerAsync, new GrainTimerCreationOptions(writeBehind, Timeout.InfiniteTimeSpan));
            _flushDue = due;
        }
        else if (due < _flushDue)
        {
            _flushTimer.Change(writeBehind, Timeout.InfiniteTimeSpan);
            _flushDue = due;
        }
    }

    private async Task FlushFromTimerAsync(CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
        await FlushAsync();
    }

    private async Task FlushAsync()
    {
        if (_dirty)
        {
            await state.WriteStateAsync();
            _dirty = false;
        }

        await ReportOutcomesAsync();
    }

    private static void TrimFront<T>(List<T> list, int capacity)
    {
        if (list.Count > capacity)
        {
            list.RemoveRange(0, list.Count - capacity);
        }
    }
}
