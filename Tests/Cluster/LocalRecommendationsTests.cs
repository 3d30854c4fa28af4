using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Rec.Inference;
using Orleans.Rec.Profiles;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>
/// Serving without a grain call (what the co-hosted REST API does): the silo holding a user's active profile answers
/// from the history the grain published, and the lists served that way reach the profile's state — before the next
/// event (attribution), when the profile is persisted, and at deactivation.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LocalRecommendationsTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task OnlyTheSiloHoldingTheProfile_ServesIt_TheSameListAsTheGrain()
    {
        var (model, items, user) = await _http.DeployTinyWithViewerAsync("local");
        var (holder, others) = Silos(user);

        var local = await Local(holder).TryRecommendAsync(user, 3, model);
        var elsewhere = await Task.WhenAll(others.Select(s => Local(s).TryRecommendAsync(user, 3, model).AsTask()));
        var unknown = await Local(holder).TryRecommendAsync(ApiCalls.NewId("nobody"), 3, model);
        var viaGrain = await fixture.Client.GetGrain<IUserProfileGrain>(user).GetRecommendationsAsync(3, model);

        Assert.NotNull(local);
        Assert.Equal((user, model, FallbackReason.None), (local.UserId, local.Model, local.Fallback));
        Assert.Equal([items[0], items[3], items[2]], local.Items.Select(i => i.ItemId));
        Assert.Equal(viaGrain.Items, local.Items);
        Assert.All(elsewhere, Assert.Null);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task ALocallyServedList_IsAttributedTheNextEvent_AndPersistedBeforeTheGrainsOwn()
    {
        var (model, _, user) = await _http.DeployTinyWithViewerAsync("local");
        var (holder, _) = Silos(user);
        var grain = fixture.Client.GetGrain<IUserProfileGrain>(user);

        var local = await Local(holder).TryRecommendAsync(user, 2, model);
        await _http.PostEventsAsync(ApiCalls.View(user, local!.Items[1].ItemId));
        await _http.ProfileWithEventsAsync(user, 2);
        await grain.GetRecommendationsAsync(2, model);
        await grain.PersistAsync([]);

        var state = (await ReadAsync(grain)).State!;
        Assert.NotNull(local);
        Assert.Equal(2, state.ImpressionCount);
        Assert.Equal([1L, 2L], state.Served.Select(s => s.Sequence));
        Assert.Equal(local.Items.Select(i => i.ItemId), state.Served[0].Items);
        var first = state.Windows.Single(w => w.Sequence == 1);
        Assert.Equal(1, first.EventCount);
        Assert.Equal([local.Items[1].ItemId], first.Interacted[Events.UserEventType.View]);
    }

    [Fact]
    public async Task ADeactivatingProfile_WritesTheListsServedWithoutIt_AndStopsTakingMore()
    {
        var (model, _, user) = await _http.DeployTinyWithViewerAsync("local");
        var (holder, _) = Silos(user);
        var grain = fixture.Client.GetGrain<IUserProfileGrain>(user);
        await Local(holder).TryRecommendAsync(user, 2, model);
        await Local(holder).TryRecommendAsync(user, 2, model);

        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var written = await Eventually.GetAsync(async () => (await ReadAsync(grain)).State!.ImpressionCount, n => n == 2, TimeSpan.FromSeconds(10));
        var published = holder.SiloHost.Services.GetRequiredService<LocalProfiles>().TryGet(user, out _);
        var afterwards = await Local(holder).TryRecommendAsync(user, 2, model);

        Assert.Equal(2, written);
        Assert.False(published);
        Assert.Null(afterwards);
    }

    private (InProcessSiloHandle Holder, InProcessSiloHandle[] Others) Silos(string user)
    {
        var silos = fixture.Cluster.Silos.Cast<InProcessSiloHandle>().ToArray();
        var holding = silos.Where(s => s.SiloHost.Services.GetRequiredService<LocalProfiles>().TryGet(user, out _)).ToArray();
        var holder = Assert.Single(holding);
        return (holder, silos.Except(holding).ToArray());
    }

    private static ILocalRecommendations Local(InProcessSiloHandle silo) => silo.SiloHost.Services.GetRequiredService<ILocalRecommendations>();

    private Task<GrainState<UserProfileState>> ReadAsync(IUserProfileGrain grain) =>
        fixture.ReadStateAsync<UserProfileState>(RecNames.ProfileStorage, "profile", grain.GetGrainId());
}
