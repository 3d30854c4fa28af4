using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Events;
using Orleans.Rec.Inference;
using Orleans.Rec.Push;
using Orleans.Rec.Serving;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Orleans.Rec.Profiles;

/// <summary>
/// One user's profile: identity, state, persistence and timers. Events (REST through the <c>user-events</c> stream,
/// Kafka through its partition grain, replay through REST) are applied by <see cref="ProfileAggregator"/>;
/// recommendations are computed by <see cref="RecommendationPipeline"/>. The activation publishes its history and
/// purchases on its silo (<see cref="LocalProfile"/>) after each change, so that the co-hosted REST API serves this
/// user without a call into the grain (<see cref="LocalRecommendations"/>); the lists served that way wait in that
/// inbox and are taken into the state before anything else happens to it.
/// <para>
/// Durability, one contract for every source: an applied change is written within <see cref="ProfileOptions.WriteBehind"/>
/// (zero: before the call returns), at once when a checkpointed source asks (<see cref="PersistAsync"/>), and on
/// deactivation. A served list alone waits <see cref="ProfileOptions.ServedWriteBehind"/> from when it was served
/// (for lists served without a grain call, the silo's <see cref="ServedListSweeper"/> is the timer): only a later
/// event can turn it into a hit, and that event's write carries it.
/// </para>
/// <para>
/// Push mode, the burst, its timer and the pusher's slot, is the other part of this class (UserProfileGrain.Push.cs).
/// </para>
/// </summary>
[ImplicitStreamSubscription(RecNames.UserEventsNamespace)]
public sealed partial class UserProfileGrain(
    [PersistentState("profile", RecNames.ProfileStorage)] IPersistentState<UserProfileState> state,
    IOptions<ProfileOptions> options,
    PopularityTracker popularity,
    RecommendationPipeline pipeline,
    LocalProfiles localProfiles,
    RecommendationPusher pusher,
    TimeProvider time,
    ILogger<UserProfileGrain> logger) : Grain, IUserProfileGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<UserEvent>
{
    private readonly ProfileOptions _options = options.Value;
    private ProfileAggregator _aggregator = null!;
    private RecentItemIds _history = null!;
    private LocalProfile _local = null!;
    private bool _dirty;
    private IGrainTimer? _flushTimer;
    private DateTimeOffset _flushDue;

    private string UserId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _aggregator = new ProfileAggregator(state.State, _options);
        _history = new RecentItemIds(state.State.Recent);
        if (state.State.PendingPush is { } pending)
        {
            // A burst saved before a restart: its list may or may not have left; the saved sequence makes a repeat recognisable.
            await EnterPushAsync(cancellationToken);
            _burstRestored = true;
            SchedulePush(pending);
        }

        // Published last: an activation that fails above never serves reads on its silo.
        _local = localProfiles.Add(UserId, ServingView.Of(_history, _aggregator.Purchased));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Served lists are no longer accepted without this grain; those waiting are written with the rest below.
        // Null only when the activation failed before publishing itself.
        if (_local is not null)
        {
            localProfiles.Remove(UserId, _local);
            if (RecordServed(_local.Close()) is not null)
            {
                _dirty = true;
            }
        }

        // A waiting burst is pushed now rather than left for an activation that may never come; should that fail, it
        // stays saved for the next activation.
        await PushNowAsync(retry: false);
        await FlushAsync();
        LeavePush();
    }

    /// <summary>The stream resumes as a batch observer: a batch of one user's events is applied in one turn.</summary>
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<UserEvent>().ResumeAsync(this);

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
        if (_burstRestored)
        {
            // The saved burst may already have left before the restart: publish it (same sequence, same profile) before
            // new events could join it and give that sequence a different list.
            await PushNowAsync(retry: true);
        }

        // Lists served before these events must have their windows open when the events arrive.
        var servedWait = TakeServed();
        var (applied, foreign) = _aggregator.Apply(UserId, events, popularity.Record);
        if (foreign > 0)
        {
            RecLog.ForeignEvent(logger, UserId, foreign);
        }

        if (applied > 0)
        {
            _local.Publish(ServingView.Of(_history, _aggregator.Purchased));
            await ObservePushAsync(events[^1], applied);
            servedWait = servedWait < _options.WriteBehind ? servedWait : _options.WriteBehind;
        }

        await MarkDirtyAsync(servedWait);
        return applied;
    }

    public async Task<int> PersistAsync(string[] deliveredEventIds)
    {
        await FlushAsync();

        // Only the most recent ids are remembered; older ones of a long burst cannot be checked.
        var missing = 0;
        for (var i = Math.Max(0, deliveredEventIds.Length - _options.DedupeCapacity); i < deliveredEventIds.Length; i++)
        {
            if (!_aggregator.Holds(deliveredEventIds[i]))
            {
                missing++;
            }
        }

        return missing;
    }

    public Task<UserProfileSnapshot> GetProfileAsync() => Task.FromResult(_aggregator.Snapshot(UserId));

    public async Task<RecommendationResult> GetRecommendationsAsync(int k, string model)
    {
        var recommendation = await pipeline.RecommendAsync(UserId, model, k, _history, _aggregator.Purchased);
        if (recommendation.Refused)
        {
            return recommendation.Result;
        }

        var served = ServedRecommendation.Of(recommendation);
        pipeline.PublishImpression(UserId, served);

        // Lists served here without a grain call come first: they were numbered by nothing yet, and were served earlier.
        var lists = _local.TakeServed() ?? [];
        lists.Add(served);
        await MarkDirtyAsync(RecordServed(lists));
        return recommendation.Result;
    }

    public Task TakeServedAsync() => MarkDirtyAsync(TakeServed());

    /// <summary>Takes the lists served from <see cref="LocalProfile"/> into the state; returns how long they may wait to be written.</summary>
    private TimeSpan? TakeServed() => _local.TakeServed() is { } served ? RecordServed(served) : null;

    /// <summary>
    /// Records served lists (oldest first) and returns how long until the oldest must be written. A user with no events
    /// has no profile to keep: a read (of any id at all) must not create one, so then nothing is to be written (null);
    /// the lists stay in this activation's state, so the user's first event, which is written, still attributes them.
    /// </summary>
    private TimeSpan? RecordServed(List<ServedRecommendation>? served)
    {
        if (served is null or [])
        {
            return null;
        }

        foreach (var list in served)
        {
            var dropped = _aggregator.RecordServed(list);
            if (dropped > 0)
            {
                MonitoringLog.WindowsDropped(logger, UserId, _options.OpenWindowCapacity, dropped);
            }
        }

        return state.State.EventCount > 0 ? served[0].ServedAt + _options.ServedWriteBehind - time.GetUtcNow() : null;
    }

    /// <summary>Marks the state changed, to be written within <paramref name="writeBehind"/> (null: nothing to write).</summary>
    private async Task MarkDirtyAsync(TimeSpan? writeBehind)
    {
        if (writeBehind is not { } wait)
        {
            return;
        }

        _dirty = true;
        if (wait <= TimeSpan.Zero)
        {
            await FlushAsync();
            return;
        }

        var due = time.GetUtcNow() + wait;
        if (_flushTimer is null)
        {
            _flushTimer = this.RegisterGrainTimer(FlushFromTimerAsync, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
            _flushDue = due;
        }
        else if (due < _flushDue)
        {
            _flushTimer.Change(wait, Timeout.InfiniteTimeSpan);
            _flushDue = due;
        }
    }

    private async Task FlushFromTimerAsync(CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
        await FlushAsync();
    }

    /// <summary>Writes pending changes, then reports closed attribution windows (already saved) to their monitors.</summary>
    private async Task FlushAsync()
    {
        if (TakeServed() is not null)
        {
            _dirty = true;
        }

        if (_dirty)
        {
            await state.WriteStateAsync();
            _dirty = false;
        }

        await ReportOutcomesAsync();
    }

    /// <summary>Tells each monitor the outcomes it may count now (<see cref="ProfileAggregator.OutcomesToReport"/>).</summary>
    private async Task ReportOutcomesAsync()
    {
        if (state.State.Outcomes.Count == 0)
        {
            return;
        }

        foreach (var (monitor, outcomes) in _aggregator.OutcomesToReport())
        {
            try
            {
                await GrainFactory.GetGrain<IModelMonitorGrain>(monitor).ReportAsync(UserId, outcomes);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Kept (and saved) for the next flush; the monitor drops any it already counted.
                MonitoringLog.ReportFailed(logger, ex, UserId, outcomes.Length, monitor);
                continue;
            }

            // Not saved at once: a repeat after a crash is dropped by the monitor.
            _aggregator.Reported(outcomes);
        }
    }
}
