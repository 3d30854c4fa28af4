using Orleans.Rec.Events;
using Orleans.Rec.Push;

namespace Orleans.Rec.Profiles;

/// <summary>
/// Push mode (<see cref="RecommendationPusher"/>), the part of the profile grain kept in its own file because it is a
/// state machine of its own: applied events open or extend a burst, saved in the state; a timer fires when the burst is
/// due (<see cref="PushDebounce"/>), and the list goes out only after the profile holding the burst is durable, numbered
/// with the next sequence, which is saved with the profile after the broker acknowledged it. A silo bounds the users
/// waiting for a push at once (the pusher's slots).
/// </summary>
public sealed partial class UserProfileGrain
{
    private IGrainTimer? _pushTimer;
    private bool _holdsPushSlot;
    private bool _burstRestored;

    public Task<TimeSpan?> GetPushWaitAsync()
    {
        if (state.State.PendingPush is not { } pending)
        {
            return Task.FromResult<TimeSpan?>(null);
        }

        if (_pushTimer is null)
        {
            // Not scheduled (a push failed while the activation was closing): schedule it, or the checkpoint would wait forever.
            SchedulePush(pending);
        }

        var window = pusher.Window ?? new PushWindow(TimeSpan.Zero, TimeSpan.Zero);
        return Task.FromResult<TimeSpan?>(PushDebounce.Until(PushDebounce.Due(pending, window), time.GetUtcNow()));
    }

    /// <summary>Opens or extends the user's burst; a new burst waits for room among the silo's waiting users first.</summary>
    private async Task ObservePushAsync(UserEvent last, int applied)
    {
        if (pusher.Window is null && state.State.PendingPush is null)
        {
            return;
        }

        await EnterPushAsync(CancellationToken.None);
        state.State.PendingPush = PushDebounce.Observe(state.State.PendingPush, last, applied, time.GetUtcNow(), out var debounced);
        pusher.CountDebounced(debounced);
        SchedulePush(state.State.PendingPush);
    }

    private async Task EnterPushAsync(CancellationToken cancellationToken)
    {
        if (!_holdsPushSlot)
        {
            await pusher.EnterAsync(cancellationToken);
            _holdsPushSlot = true;
        }
    }

    private void LeavePush()
    {
        if (_holdsPushSlot)
        {
            _holdsPushSlot = false;
            pusher.Leave();
        }
    }

    private void SchedulePush(PendingPush pending)
    {
        var window = pusher.Window ?? new PushWindow(TimeSpan.Zero, TimeSpan.Zero);
        var wait = PushDebounce.Until(PushDebounce.Due(pending, window), time.GetUtcNow());
        if (_pushTimer is null)
        {
            _pushTimer = this.RegisterGrainTimer(PushFromTimerAsync, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _pushTimer.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    // The timer's token is not passed on: the timer is disposed as the push starts, which cancels it, and the publish is
    // bounded by Rec:Push:PublishTimeout anyway.
    private Task PushFromTimerAsync(CancellationToken cancellationToken) => PushNowAsync(retry: true);

    /// <summary>
    /// Publishes the waiting burst's list: the profile holding the burst is written first, the sequence after the
    /// broker acknowledged. A crash in between publishes the same sequence again, which consumers drop as a repeat.
    /// </summary>
    private async Task PushNowAsync(bool retry)
    {
        _burstRestored = false;
        _pushTimer?.Dispose();
        _pushTimer = null;
        if (state.State.PendingPush is not { } pending)
        {
            LeavePush();
            return;
        }

        await FlushAsync();
        var sequence = state.State.PushSequence + 1;
        var outcome = await pusher.PushAsync(UserId, pending, sequence, _history, _aggregator.Purchased);
        if (outcome == PushOutcome.Failed)
        {
            if (!retry)
            {
                return;
            }

            _pushTimer = this.RegisterGrainTimer(PushFromTimerAsync, new GrainTimerCreationOptions(pusher.RetryDelay, Timeout.InfiniteTimeSpan));
            return;
        }

        if (outcome == PushOutcome.Published)
        {
            state.State.PushSequence = sequence;
        }

        state.State.PendingPush = null;
        LeavePush();
        await MarkDirtyAsync(_options.WriteBehind);
    }
}
