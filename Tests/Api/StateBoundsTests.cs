using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Profiles;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>What a caller can make the cluster keep: nothing for a read of an unknown user or model; popularity to a top N.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StateBoundsTests(ClusterFixture fixture)
{
    /// <summary>The default of <c>Rec:Popularity:TrackedItems</c>.</summary>
    private const int TrackedItems = 10_000;

    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Recommendations_WhenUserUnknown_PersistNoProfile()
    {
        var user = ApiCalls.NewId("ghost");

        var recs = await _http.RecommendAsync(user, 5);
        using var profile = await _http.GetAsync($"/v1/users/{user}/profile");
        var grain = fixture.Client.GetGrain<IUserProfileGrain>(user);
        await grain.PersistAsync([]);

        Assert.True(recs.Fallback);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.False(await RecordExistsAsync<UserProfileState>(RecNames.ProfileStorage, "profile", grain.GetGrainId()));
    }

    [Fact]
    public async Task Recommendations_WhenUserHasEvents_PersistTheServedList()
    {
        var user = ApiCalls.NewId("known");
        await _http.PostEventsAsync(ApiCalls.View(user, "bounds-item"));
        await _http.ProfileWithEventsAsync(user, 1);

        await _http.RecommendAsync(user, 5);
        var grain = fixture.Client.GetGrain<IUserProfileGrain>(user);
        await grain.PersistAsync([]);

        var state = await ReadAsync<UserProfileState>(RecNames.ProfileStorage, "profile", grain.GetGrainId());
        Assert.Equal(1, state.State!.ImpressionCount);
    }

    [Fact]
    public async Task Recommendations_WhenModelUnknown_Answer404AndCreateNoGrainForTheName()
    {
        var model = ApiCalls.NewId("nosuchmodel");

        using var response = await _http.GetAsync($"/v1/users/{ApiCalls.NewId("user")}/recommendations?k=3&model={model}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.Equal($"model '{model}' is not known: it has never been activated", problem!.Detail);
        var activations = await fixture.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        Assert.DoesNotContain(activations, a => a.GrainId.Key.ToString()!.Contains(model, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recommendations_WhenModelWasActivated_AreServed()
    {
        var (model, _, user) = await _http.DeployTinyWithViewerAsync("bounds");

        using var response = await _http.GetAsync($"/v1/users/{user}/recommendations?k=3&model={model}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PopularItems_KeepOnlyTheMostCountedItems()
    {
        var grain = fixture.Client.GetGrain<IPopularItemsGrain>(ApiCalls.NewId("popularity"));
        var counts = Enumerable.Range(0, TrackedItems + 1).ToDictionary(i => $"item-{i:D5}", i => (long)i + 1);

        await grain.RecordAsync(counts);
        var top = await grain.GetTopAsync(int.MaxValue);

        Assert.Equal(TrackedItems, top.Length);
        Assert.Equal("item-10000", top[0].ItemId);
        Assert.DoesNotContain(top, i => i.ItemId == "item-00000");
    }

    [Fact]
    public async Task PopularItems_WhenNothingNew_AreNotRewritten()
    {
        var grain = fixture.Client.GetGrain<IPopularItemsGrain>(ApiCalls.NewId("popularity"));
        await grain.RecordAsync(new() { ["a"] = 1 });
        var before = await ReadAsync<PopularItemsState>(RecNames.ProfileStorage, "popularity", grain.GetGrainId());

        await grain.RecordAsync([]);
        var after = await ReadAsync<PopularItemsState>(RecNames.ProfileStorage, "popularity", grain.GetGrainId());

        Assert.NotNull(before.ETag);
        Assert.Equal(before.ETag, after.ETag);
    }

    private async Task<bool> RecordExistsAsync<T>(string storage, string stateName, GrainId id)
        where T : new() => (await ReadAsync<T>(storage, stateName, id)).RecordExists;

    private Task<GrainState<T>> ReadAsync<T>(string storage, string stateName, GrainId id)
        where T : new() => fixture.ReadStateAsync<T>(storage, stateName, id);
}
