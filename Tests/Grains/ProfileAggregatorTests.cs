using Orleans.Rec.Events;
using Orleans.Rec.Inference;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Profiles;
using Orleans.Rec.Serving;

namespace Orleans.Rec.Tests.Grains;

/// <summary>Events in, profile out: the aggregation every event source goes through, on hand-made events.</summary>
public sealed class ProfileAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static UserEvent Event(string id, string item, UserEventType type = UserEventType.View, int minute = 0, string user = "u", string? category = null) =>
        new() { EventId = id, UserId = user, ItemId = item, Type = type, Timestamp = T0.AddMinutes(minute), CategoryId = category };

    [Fact]
    public void Apply_AggregatesRecentCartPurchasesCategoriesAndLastEvent()
    {
        var state = new UserProfileState();
        var aggregator = new ProfileAggregator(state, new ProfileOptions());

        var (applied, foreign) = aggregator.Apply("u",
        [
            Event("1", "a", minute: 1, category: "c1"),
            Event("2", "b", UserEventType.Cart, minute: 3, category: "c2"),
            Event("3", "b", UserEventType.Purchase, minute: 2, category: "c2"),
            Event("4", "c", UserEventType.Cart, minute: 4),
        ]);

        Assert.Equal((4, 0), (applied, foreign));
        Assert.Equal(4, state.EventCount);
        Assert.Equal(["a", "b", "b", "c"], state.Recent.Select(i => i.ItemId));
        Assert.Equal(["c"], state.Cart);
        Assert.Equal(["b"], state.Purchases);
        Assert.Equal(["b"], aggregator.Purchased.Order());
        Assert.Equal(new Dictionary<string, double> { ["c1"] = 1, ["c2"] = 8 }, state.CategoryWeights);
        Assert.Equal(T0.AddMinutes(4), state.LastEventAt);
    }

    [Fact]
    public void Apply_DropsRepeatsAndOtherUsersEvents_AndReportsOnlyAppliedItems()
    {
        var state = new UserProfileState();
        var aggregator = new ProfileAggregator(state, new ProfileOptions());
        var popular = new List<string>();

        aggregator.Apply("u", [Event("1", "a")], popular.Add);
        var (applied, foreign) = aggregator.Apply("u", [Event("1", "a"), Event("2", "x", user: "other"), Event("3", "b")], popular.Add);

        Assert.Equal((1, 1), (applied, foreign));
        Assert.Equal(["a", "b"], popular);
        Assert.Equal(2, state.EventCount);
        Assert.True(aggregator.Holds("1"));
        Assert.False(aggregator.Holds("2"));
    }

    [Fact]
    public void Apply_KeepsEachListWithinItsCapacity_AndForgetsTheOldestIds()
    {
        var state = new UserProfileState();
        var options = new ProfileOptions { RecentCapacity = 3, DedupeCapacity = 2, PurchaseCapacity = 2 };
        var aggregator = new ProfileAggregator(state, options);

        aggregator.Apply("u", [.. Enumerable.Range(1, 4).Select(i => Event($"{i}", $"p{i}", UserEventType.Purchase, minute: i))]);

        Assert.Equal(["p2", "p3", "p4"], state.Recent.Select(i => i.ItemId));
        Assert.Equal(["p3", "p4"], state.Purchases);
        Assert.Equal(["p3", "p4"], aggregator.Purchased.Order());
        Assert.Equal(["3", "4"], state.RecentEventIds);
        Assert.False(aggregator.Holds("2"));

        // A forgotten id is no longer recognised: its event counts again (the documented limit of deduplication).
        Assert.Equal((1, 0), aggregator.Apply("u", [Event("1", "p1", UserEventType.Purchase, minute: 5)]));
    }

    [Fact]
    public void Apply_WhenCartOverCapacity_DropsTheItemCartedLongestAgo()
    {
        var state = new UserProfileState();
        var aggregator = new ProfileAggregator(state, new ProfileOptions { CartCapacity = 2 });

        aggregator.Apply("u", [Event("1", "a", UserEventType.Cart), Event("2", "b", UserEventType.Cart), Event("3", "c", UserEventType.Cart)]);

        Assert.Equal(["b", "c"], state.Cart);
    }

    [Fact]
    public void Apply_WhenCategoriesOverCapacity_DropsTheLightest_TiesTheLastById()
    {
        var state = new UserProfileState();
        var aggregator = new ProfileAggregator(state, new ProfileOptions { CategoryCapacity = 2 });

        aggregator.Apply("u",
        [
            Event("1", "a", UserEventType.Purchase, category: "heavy"),
            Event("2", "b", category: "light-a"),
            Event("3", "c", category: "light-b"),
            Event("4", "d", UserEventType.Cart, category: "new"),
        ]);

        Assert.Equal(new Dictionary<string, double> { ["heavy"] = 5, ["new"] = 3 }, state.CategoryWeights);
    }

    [Fact]
    public void Constructor_RebuildsIndexesFromSavedState()
    {
        var saved = new UserProfileState { RecentEventIds = ["1", "2"], Purchases = ["x"] };

        var aggregator = new ProfileAggregator(saved, new ProfileOptions());

        Assert.True(aggregator.Holds("2"));
        Assert.Equal(["x"], aggregator.Purchased);
        Assert.Equal((0, 0), aggregator.Apply("u", [Event("2", "z")]));
        aggregator.Apply("u", [Event("3", "x", UserEventType.Purchase)]);
        Assert.Equal(["x"], saved.Purchases);
    }

    [Fact]
    public void Apply_ClosesAttributionWindowsIntoOutcomes()
    {
        var state = new UserProfileState();
        state.Windows.Add(Attribution.Open(1, "m", 2, ["a", "b"], T0, maxEvents: 2, TimeSpan.FromMinutes(30)));
        var aggregator = new ProfileAggregator(state, new ProfileOptions());

        aggregator.Apply("u", [Event("1", "a", minute: 1)]);
        Assert.Empty(state.Outcomes);
        aggregator.Apply("u", [Event("2", "z", minute: 2)]);

        Assert.Empty(state.Windows);
        var outcome = Assert.Single(state.Outcomes);
        Assert.Equal((1L, 1, 2, "m/2"), (outcome.Sequence, outcome.Hits, outcome.Interacted, outcome.MonitorKey));
    }

    [Fact]
    public void RecordServed_KeepsTheListsWithinCapacity_NumbersThem_AndOpensTheirWindowsAtTheLastEvent()
    {
        var state = new UserProfileState();
        var aggregator = new ProfileAggregator(state, new ProfileOptions { ServedCapacity = 1 });
        aggregator.Apply("u", [Event("1", "x", minute: 1)]);
        var result = new RecommendationResult { UserId = "u", Model = "m", Version = 3, Items = [new ScoredItem("a", 1f), new ScoredItem("c", 0.5f)] };

        var dropped = aggregator.RecordServed(ServedRecommendation.Of(new Recommendation(result, 5, TimeSpan.FromMinutes(2), T0.AddMinutes(5))))
            + aggregator.RecordServed(ServedRecommendation.Of(new Recommendation(result, 5, TimeSpan.FromMinutes(2), T0.AddMinutes(6))));

        Assert.Equal((0, 2L), (dropped, state.ImpressionCount));
        var served = Assert.Single(state.Served);
        Assert.Equal((2L, "m", 3, T0.AddMinutes(6)), (served.Sequence, served.Model, served.Version, served.At));
        Assert.Equal(["a", "c"], served.Items);
        Assert.Equal([1L, 2L], state.Windows.Select(w => w.Sequence));
        Assert.All(state.Windows, w => Assert.Equal((T0.AddMinutes(1), 5, TimeSpan.FromMinutes(2)), (w.AnchorAt, w.MaxEvents, w.MaxSpan)));
    }

    [Fact]
    public void RecordServed_WhenOverTheOpenWindowCapacity_DropsTheOldest_AndAnEmptyListOpensNone()
    {
        var state = new UserProfileState();
        var aggregator = new ProfileAggregator(state, new ProfileOptions { OpenWindowCapacity = 2 });
        var result = new RecommendationResult { UserId = "u", Model = "m", Version = 1, Items = [new ScoredItem("a", 1f)] };
        var empty = new RecommendationResult { UserId = "u", Model = "m", Fallback = FallbackReason.NoActiveModel };

        var dropped = new[] { result, result, empty, result }.Select(r => aggregator.RecordServed(ServedRecommendation.Of(new Recommendation(r, 5, TimeSpan.FromMinutes(2), T0)))).ToArray();

        Assert.Equal([0, 0, 0, 1], dropped);
        Assert.Equal(4, state.Served.Count);
        Assert.Equal([2L, 4L], state.Windows.Select(w => w.Sequence));
    }

    [Fact]
    public void Snapshot_ListsViewsCartPurchases_AndTheHeaviestCategoriesTiesById()
    {
        var state = new UserProfileState();
        var aggregator = new ProfileAggregator(state, new ProfileOptions { TopCategoryCount = 2 });
        aggregator.Apply("u",
        [
            Event("1", "a", minute: 1, category: "c3"),
            Event("2", "b", UserEventType.Cart, minute: 2, category: "c2"),
            Event("3", "c", minute: 3, category: "c1"),
            Event("4", "d", minute: 4, category: "c1"),
            Event("5", "e", minute: 5, category: "c0"),
        ]);

        var snapshot = aggregator.Snapshot("u");

        Assert.Equal(("u", 5L, T0.AddMinutes(5)), (snapshot.UserId, snapshot.EventCount, snapshot.LastEventAt));
        Assert.Equal(["a", "c", "d", "e"], snapshot.RecentViews);
        Assert.Equal(["b"], snapshot.Cart);
        Assert.Empty(snapshot.Purchases);
        Assert.Equal(["c2", "c1"], snapshot.TopCategories);
    }

    [Fact]
    public void OutcomesToReport_PerMonitorOldestFirst_HoldsBackThoseNotOlderThanItsOldestOpenWindow()
    {
        var state = new UserProfileState();
        state.Outcomes.AddRange([Outcome(5, "m", 1), Outcome(2, "m", 1), Outcome(3, "m", 2), Outcome(7, "m", 1)]);
        state.Windows.Add(Attribution.Open(6, "m", 1, ["a"], T0, maxEvents: 2, TimeSpan.FromMinutes(30)));
        var aggregator = new ProfileAggregator(state, new ProfileOptions());

        var ready = aggregator.OutcomesToReport();

        Assert.Equal(["m/1", "m/2"], ready.Select(r => r.MonitorKey));
        Assert.Equal([2L, 5L], ready[0].Outcomes.Select(o => o.Sequence));
        Assert.Equal([3L], ready[1].Outcomes.Select(o => o.Sequence));

        aggregator.Reported(ready[0].Outcomes);

        Assert.Equal([3L, 7L], state.Outcomes.Select(o => o.Sequence));
    }

    private static ImpressionOutcome Outcome(long sequence, string model, int version) => new() { Sequence = sequence, Model = model, Version = version, K = 1 };
}
