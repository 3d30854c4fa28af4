using Orleans.Rec.Events;
using Orleans.Rec.Push;

namespace Orleans.Rec.Tests.Push;

public sealed class PushDebounceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly PushWindow Window = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));

    [Fact]
    public void Observe_WhenNoBurstWaits_StartsOneAndDebouncesAllButOneEvent()
    {
        var pending = PushDebounce.Observe(null, Event("e3", "user_history/2/17"), applied: 3, T0, out var debounced);

        Assert.Equal(2, debounced);
        Assert.Equal(new PendingPush { StartedAt = T0, LastEventAt = T0, Events = 3, Trigger = new PushTrigger("e3", "user_history/2/17", T0.AddMinutes(-1), T0.AddSeconds(-1)) }, pending);
        Assert.Equal(T0.AddMilliseconds(500), PushDebounce.Due(pending, Window));
    }

    [Fact]
    public void Observe_WhenBurstWaits_JoinsItAndMovesItsDueTime()
    {
        var first = PushDebounce.Observe(null, Event("e1"), 1, T0, out _);

        var joined = PushDebounce.Observe(first, Event("e2"), 2, T0.AddMilliseconds(300), out var debounced);

        Assert.Equal(2, debounced);
        Assert.Equal(T0, joined.StartedAt);
        Assert.Equal(3, joined.Events);
        Assert.Equal("e2", joined.Trigger.EventId);
        Assert.Equal(T0.AddMilliseconds(800), PushDebounce.Due(joined, Window));
    }

    [Fact]
    public void Observe_TwentyViewsInABurst_YieldOneListAndNineteenDebounced()
    {
        PendingPush? pending = null;
        var debouncedTotal = 0;
        for (var i = 0; i < 20; i++)
        {
            pending = PushDebounce.Observe(pending, Event($"v{i}"), 1, T0.AddMilliseconds(100 * i), out var debounced);
            debouncedTotal += debounced;
        }

        Assert.Equal(19, debouncedTotal);
        Assert.Equal(20, pending!.Events);
        Assert.Equal(T0.AddMilliseconds(1900 + 500), PushDebounce.Due(pending, Window));
    }

    [Fact]
    public void Due_WhenUserNeverPauses_IsCappedByMaxDelay()
    {
        var pending = new PendingPush { StartedAt = T0, LastEventAt = T0.AddSeconds(4.8), Events = 48, Trigger = new PushTrigger("e", null, T0, null) };

        Assert.Equal(T0.AddSeconds(5), PushDebounce.Due(pending, Window));
    }

    [Fact]
    public void Until_WhenDueHasPassed_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, PushDebounce.Until(T0, T0.AddSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), PushDebounce.Until(T0.AddSeconds(1), T0));
    }

    private static UserEvent Event(string id, string? source = null) => new()
    {
        EventId = id,
        UserId = "u1",
        ItemId = "i1",
        Type = UserEventType.View,
        Timestamp = T0.AddMinutes(-1),
        Source = source,
        ProducedAt = source is null ? null : T0.AddSeconds(-1),
    };
}
