using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>Profiles aggregate the event stream: dedupe, cart and purchases, categories.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProfileTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Profile_WhenEventRedelivered_CountsItOnce()
    {
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(user, "i1", eventId: "e-1"));
        await _http.PostEventsAsync(ApiCalls.View(user, "i1", eventId: "e-1"), ApiCalls.View(user, "i2", eventId: "e-2"));

        var profile = await _http.ProfileWithEventsAsync(user, 2);

        Assert.Equal(2, profile.EventCount);
        Assert.Equal(["i1", "i2"], profile.RecentViews);
    }

    [Fact]
    public async Task Profile_WhenItemCartedThenBought_MovesFromCartToPurchases()
    {
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(
            ApiCalls.Event(user, "shoe", "cart"),
            ApiCalls.Event(user, "hat", "cart"),
            ApiCalls.Event(user, "shoe", "purchase"));

        var profile = await _http.ProfileWithEventsAsync(user, 3);

        Assert.Equal(["hat"], profile.Cart);
        Assert.Equal(["shoe"], profile.Purchases);
        Assert.Empty(profile.RecentViews);
    }

    [Fact]
    public async Task Profile_WhenEventsCarryCategories_RanksCategoriesByWeightedEngagement()
    {
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(
            ApiCalls.View(user, "i1", categoryId: "books"),
            ApiCalls.View(user, "i2", categoryId: "books"),
            ApiCalls.Event(user, "i3", "cart", categoryId: "games"),
            ApiCalls.View(user, "i4", categoryId: "toys"));

        var profile = await _http.ProfileWithEventsAsync(user, 4);

        // games: one cart (3) > books: two views (2) > toys: one view (1).
        Assert.Equal(["games", "books", "toys"], profile.TopCategories);
    }

    [Fact]
    public async Task Profile_WhenTimestampsGiven_ReportsTheLatestEventTime()
    {
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(
            new { userId = user, itemId = "i1", type = "view", timestamp = "2026-03-01T10:00:00Z" },
            new { userId = user, itemId = "i2", type = "view", timestamp = 1772359200000L });

        var profile = await _http.ProfileWithEventsAsync(user, 2);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1772359200000L), profile.LastEventAt);
    }

    [Fact]
    public async Task Profile_WhenEventWithoutIdResent_IsDeduplicatedByContent()
    {
        var user = ApiCalls.NewId("user");
        var sameEvent = new { userId = user, itemId = 42, type = "view", timestamp = "2026-03-01T10:00:00Z" };
        await _http.PostEventsAsync(sameEvent);
        await _http.PostEventsAsync(sameEvent, ApiCalls.View(user, "marker", eventId: "m"));

        var profile = await _http.ProfileWithEventsAsync(user, 2);

        Assert.Equal(2, profile.EventCount);
        Assert.Equal(["42", "marker"], profile.RecentViews);
    }
}
