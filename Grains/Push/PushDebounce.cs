using Orleans.Rec.Events;

namespace Orleans.Rec.Push;

/// <summary>
/// The debounce policy, per user: events that arrive while a burst waits join it; the burst's list is due when the user
/// has been quiet for the debounce window, or when the burst is <see cref="PushWindow.MaxDelay"/> old, whichever is first.
/// </summary>
public static class PushDebounce
{
    /// <summary>
    /// The burst after <paramref name="applied"/> new events ending with <paramref name="last"/> reached the profile at
    /// <paramref name="now"/>; <paramref name="debounced"/> is how many of them get no list of their own (all but one for
    /// a new burst, all of them when they join one).
    /// </summary>
    public static PendingPush Observe(PendingPush? pending, UserEvent last, int applied, DateTimeOffset now, out int debounced)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(applied, 1);
        var trigger = new PushTrigger(last.EventId, last.Source, last.Timestamp, last.ProducedAt);
        if (pending is null)
        {
            debounced = applied - 1;
            return new PendingPush { StartedAt = now, LastEventAt = now, Events = applied, Trigger = trigger };
        }

        debounced = applied;
        return pending with { LastEventAt = now, Events = pending.Events + applied, Trigger = trigger };
    }

    /// <summary>When the burst's list is due.</summary>
    public static DateTimeOffset Due(PendingPush pending, PushWindow window)
    {
        var quiet = pending.LastEventAt + window.Debounce;
        var cap = pending.StartedAt + window.MaxDelay;
        return quiet < cap ? quiet : cap;
    }

    /// <summary>How long from <paramref name="now"/> until <paramref name="due"/>, never negative.</summary>
    public static TimeSpan Until(DateTimeOffset due, DateTimeOffset now) => due > now ? due - now : TimeSpan.Zero;
}
