using Orleans.Rec.Events;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Profiles;

namespace Orleans.Rec.Tests.Grains;

/// <summary>The attribution rules of online accuracy on hand-made event sequences.</summary>
public sealed class AttributionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static AttributionWindow Window(string[] items, DateTimeOffset? anchor = null, int maxEvents = 20, int maxMinutes = 30) =>
        Attribution.Open(7, "m", 3, items, anchor ?? T0, maxEvents, TimeSpan.FromMinutes(maxMinutes));

    [Fact]
    public void Window_WhenMaxEventsArrive_ClosesOnTheLastWithDistinctHits()
    {
        var window = Window(["a", "b", "c", "d"], maxEvents: 4);

        Assert.False(Attribution.Observe(window, "a", UserEventType.View, T0.AddMinutes(1)));
        Assert.False(Attribution.Observe(window, "a", UserEventType.View, T0.AddMinutes(2)));
        Assert.False(Attribution.Observe(window, "x", UserEventType.View, T0.AddMinutes(3)));
        Assert.True(Attribution.Observe(window, "b", UserEventType.Purchase, T0.AddMinutes(4)));
        var outcome = Attribution.Outcome(window);

        Assert.Equal(7, outcome.Sequence);
        Assert.Equal(3, outcome.Version);
        Assert.Equal(4, outcome.K);
        Assert.Equal(2, outcome.Hits);
        Assert.Equal(3, outcome.Interacted);
        Assert.Equal(
            [
                new TypeOutcome { Type = UserEventType.View, Hits = 1, Interacted = 2 },
                new TypeOutcome { Type = UserEventType.Cart, Hits = 0, Interacted = 0 },
                new TypeOutcome { Type = UserEventType.Purchase, Hits = 1, Interacted = 1 },
            ],
            outcome.ByType);
        Assert.Equal("m/3", outcome.MonitorKey);
    }

    [Fact]
    public void Window_WhenAnEventIsMoreThanTheSpanAfterTheImpression_ClosesWithoutCountingIt()
    {
        var window = Window(["a", "b"]);

        Assert.False(Attribution.Observe(window, "a", UserEventType.View, T0.AddMinutes(30)));
        Assert.True(Attribution.Observe(window, "b", UserEventType.View, T0.AddMinutes(30).AddTicks(1)));
        var outcome = Attribution.Outcome(window);

        Assert.Equal(1, outcome.Hits);
        Assert.Equal(1, outcome.Interacted);
        Assert.Equal(1, window.EventCount);
    }

    [Fact]
    public void Window_WhenUserHadNoEventsAtServing_AnchorsOnTheFirstEventAfter()
    {
        var window = Window(["a"], anchor: null);
        window.AnchorAt = null;

        Assert.False(Attribution.Observe(window, "x", UserEventType.View, T0));
        Assert.False(Attribution.Observe(window, "a", UserEventType.Cart, T0.AddMinutes(30)));
        Assert.True(Attribution.Observe(window, "a", UserEventType.Purchase, T0.AddMinutes(31)));

        Assert.Equal(T0, window.AnchorAt);
        Assert.Equal(1, Attribution.Outcome(window).Hits);
        Assert.Equal(2, Attribution.Outcome(window).Interacted);
    }

    [Fact]
    public void Window_WhenClosedByTimeWithNoEvents_HasNoInteractions()
    {
        var window = Window(["a", "b"]);

        Assert.True(Attribution.Observe(window, "a", UserEventType.View, T0.AddHours(1)));
        var outcome = Attribution.Outcome(window);

        Assert.Equal(0, outcome.Hits);
        Assert.Equal(0, outcome.Interacted);
    }

    [Fact]
    public void Tally_LeavesEmptyWindowsOutOfRecall_AndTakesF1OfTheMeans()
    {
        var tally = new AccuracyTally();
        tally.Add(k: 2, hits: 1, interacted: 4);
        tally.Add(k: 2, hits: 0, interacted: 0);
        tally.Add(k: 2, hits: 2, interacted: 4);
        tally.Add(k: 2, hits: 0, interacted: 2);

        var figures = tally.ToFigures();

        Assert.Equal(
            new AccuracyFigures
            {
                Impressions = 4,
                WithInteractions = 3,
                HitImpressions = 2,
                PrecisionAtK = 0.375,
                RecallAtK = 0.25,
                F1 = 2 * 0.375 * 0.25 / (0.375 + 0.25),
                HitRate = 0.5,
            },
            figures);
    }

    [Fact]
    public void Tally_WhenEmpty_IsAllZeros()
    {
        Assert.Equal(new AccuracyFigures(), new AccuracyTally().ToFigures());
    }
}
