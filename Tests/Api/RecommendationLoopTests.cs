using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>The whole loop through the real gateway and a two-silo cluster: upload, activate, events, recommendations.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RecommendationLoopTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Recommendations_WhenModelActiveAndUserViewedItem_ReturnExactModelScores()
    {
        var model = ApiCalls.NewId("loop");
        var items = TinyModel.ItemsFor(model);
        using var upload = await _http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(items));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal($"/v1/models/{model}/versions/1", upload.Headers.Location?.ToString());
        var created = await upload.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json);
        Assert.Equal(1, created!.Version);
        Assert.Equal(ModelVersionState.Validated, created.State);
        Assert.Equal(4, created.ItemCount);
        Assert.False(created.Active);

        using var activate = await _http.PostAsync($"/v1/models/{model}/versions/1/activate", null);
        Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        var activated = await activate.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json);
        Assert.Equal(ModelVersionState.Active, activated!.State);
        Assert.True(activated.Active);

        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(user, items[0]));
        await _http.ProfileWithEventsAsync(user, 1);

        var recs = await _http.RecommendAsync(user, 3, model);

        Assert.Equal(user, recs.UserId);
        Assert.Equal(model, recs.Model);
        Assert.Equal(1, recs.Version);
        Assert.False(recs.Fallback);
        Assert.Null(recs.FallbackReason);
        Assert.Equal([new RecommendedItem(items[0], 1f), new RecommendedItem(items[3], 0.9f), new RecommendedItem(items[2], 0.5f)], recs.Items);
    }

    [Fact]
    public async Task Recommendations_WhenUserBoughtAnItem_ExcludeIt()
    {
        var model = ApiCalls.NewId("excl");
        var items = TinyModel.ItemsFor(model);
        await _http.DeployTinyModelAsync(model, items);
        var user = ApiCalls.NewId("user");

        // History a, d: user vector (0.95, 0.05); scores a .95, d .86, c .5, b .05; d was bought, so it is left out.
        await _http.PostEventsAsync(ApiCalls.View(user, items[0]), ApiCalls.Event(user, items[3], "purchase"));
        await _http.ProfileWithEventsAsync(user, 2);

        var recs = await _http.RecommendAsync(user, 10, model);

        Assert.Equal([items[0], items[2], items[1]], recs.Items.Select(i => i.ItemId));
        Assert.Equal([0.95f, 0.5f, 0.05f], recs.Items.Select(i => i.Score), new ToleranceComparer(1e-6f));
    }

    [Fact]
    public async Task Recommendations_WhenModelHasNoActiveVersion_FallBackToPopularItemsMinusPurchases()
    {
        var prefix = ApiCalls.NewId("pop");
        string Item(string name) => $"{prefix}-{name}";
        var requester = ApiCalls.NewId("user");
        var others = Enumerable.Range(0, 4).Select(_ => ApiCalls.NewId("user")).ToArray();
        await _http.PostEventsAsync(
            ApiCalls.View(others[0], Item("x")), ApiCalls.View(others[1], Item("x")), ApiCalls.View(others[2], Item("x")), ApiCalls.View(others[3], Item("x")),
            ApiCalls.View(others[0], Item("y")), ApiCalls.Event(requester, Item("y"), "purchase"),
            ApiCalls.View(others[1], Item("z")));
        await _http.ProfileWithEventsAsync(requester, 1);

        // The default model: never activated in this cluster (any other unknown name is refused with 404).
        var recs = await Eventually.GetAsync(
            () => _http.RecommendAsync(requester, 1000),
            r => Ours(r).Length == 2 && Ours(r)[0].Score == 4f);

        Assert.True(recs.Fallback);
        Assert.Equal(FallbackReason.NoActiveModel, recs.FallbackReason);
        Assert.Null(recs.Version);
        Assert.Equal([new RecommendedItem(Item("x"), 4f), new RecommendedItem(Item("z"), 1f)], Ours(recs));

        RecommendedItem[] Ours(RecommendationsResponse r) => r.Items.Where(i => i.ItemId.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
    }

    [Fact]
    public async Task Recommendations_WhenUserHistoryUnknownToModel_FallBackWithUnknownItems_AndWithoutEvents_WithNoHistory()
    {
        var model = ApiCalls.NewId("nohist");
        await _http.DeployTinyModelAsync(model, TinyModel.ItemsFor(model));
        var stranger = ApiCalls.NewId("user");
        var newcomer = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(stranger, "not-in-the-model"));
        await _http.ProfileWithEventsAsync(stranger, 1);

        var strangerRecs = await _http.RecommendAsync(stranger, 5, model);
        var newcomerRecs = await _http.RecommendAsync(newcomer, 5, model);
        var strangerJson = await _http.GetStringAsync($"/v1/users/{stranger}/recommendations?k=5&model={model}");
        var newcomerJson = await _http.GetStringAsync($"/v1/users/{newcomer}/recommendations?k=5&model={model}");

        Assert.True(strangerRecs.Fallback);
        Assert.Equal(FallbackReason.UnknownItems, strangerRecs.FallbackReason);
        Assert.Null(strangerRecs.Version);
        Assert.True(newcomerRecs.Fallback);
        Assert.Equal(FallbackReason.NoHistory, newcomerRecs.FallbackReason);
        Assert.Contains("\"fallbackReason\":\"unknown-items\"", strangerJson, StringComparison.Ordinal);
        Assert.Contains("\"fallbackReason\":\"no-history\"", newcomerJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelVersions_WhenUploadedTwice_AreNumberedAndListed()
    {
        var model = ApiCalls.NewId("list");
        var items = TinyModel.ItemsFor(model);
        await _http.DeployTinyModelAsync(model, items);
        using var second = await _http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(items));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        var list = await _http.GetFromJsonAsync<ModelVersionsResponse>($"/v1/models/{model}/versions", ApiCalls.Json);
        var one = await _http.GetFromJsonAsync<ModelVersionResponse>($"/v1/models/{model}/versions/2", ApiCalls.Json);

        Assert.Equal(1, list!.ActiveVersion);
        Assert.Equal([1, 2], list.Versions.Select(v => v.Version));
        Assert.Equal([ModelVersionState.Active, ModelVersionState.Validated], list.Versions.Select(v => v.State));
        Assert.Equal(2, one!.Version);
        Assert.Equal(64, one.ArtifactSha256.Length);
    }

    [Fact]
    public async Task Activate_WhenSecondVersionActivated_StagesTheFirstAndServesTheSecond()
    {
        var model = ApiCalls.NewId("switch");
        var items = TinyModel.ItemsFor(model);
        await _http.DeployTinyModelAsync(model, items);
        var v2 = await _http.DeployTinyModelAsync(model, items);
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(user, items[1]));
        await _http.ProfileWithEventsAsync(user, 1);

        var recs = await _http.RecommendAsync(user, 1, model);
        var first = await _http.GetFromJsonAsync<ModelVersionResponse>($"/v1/models/{model}/versions/1", ApiCalls.Json);

        Assert.Equal(2, v2);
        Assert.Equal(2, recs.Version);
        Assert.Equal([new RecommendedItem(items[1], 1f)], recs.Items);
        Assert.Equal(ModelVersionState.Staged, first!.State);
    }

    [Fact]
    public async Task Status_WhenVersionActivated_IsLoadedAndWarmOnEverySilo()
    {
        var model = ApiCalls.NewId("status");
        var items = TinyModel.ItemsFor(model);
        await _http.DeployTinyModelAsync(model, items);
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(user, items[0]));
        await _http.ProfileWithEventsAsync(user, 1);
        await _http.RecommendAsync(user, 2, model);

        var status = await _http.GetFromJsonAsync<VersionStatusResponse>($"/v1/models/{model}/versions/1/status", ApiCalls.Json);

        Assert.True(status!.Active);
        Assert.Equal(ModelVersionState.Active, status.State);
        Assert.Equal(2, status.Silos.Count);
        Assert.All(status.Silos, s =>
        {
            Assert.Equal("cpu", s.Device);
            Assert.Equal(1, s.ConfigRevision);
            Assert.Equal(new BatchingConfig(), s.Batching);
            Assert.Equal(Environment.ProcessorCount, s.Runners);
            Assert.Equal(0, s.Shed);
        });

        // Warm-up runs one full batch (32) on each silo; the recommendation is one more request in one more batch.
        Assert.Equal((2 * 32) + 1, status.Silos.Sum(s => s.Requests));
        Assert.Equal(3, status.Silos.Sum(s => s.Batches));

        // The warm-up runs are no caller's latency: only the recommendation is in a latency bucket.
        Assert.Equal(1, status.Silos.Sum(s => s.LatencyBuckets.Sum()));
        Assert.All(status.Silos, s =>
        {
            Assert.Equal(s.LatencyBucketBoundsMs.Count + 1, s.LatencyBuckets.Count);
            Assert.Equal(0, s.Failed);
            Assert.True(s.ReadyAt >= s.LoadedAt, $"ready {s.ReadyAt:o}, loaded {s.LoadedAt:o}");
            Assert.True(s.LoadMilliseconds > 0, "load and warm-up take time");
        });
    }
}
