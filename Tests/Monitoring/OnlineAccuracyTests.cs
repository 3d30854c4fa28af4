using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>Online accuracy through the real gateway and a two-silo cluster, on the tiny model whose answers are known.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OnlineAccuracyTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Metrics_WhenWindowsCloseByCountAndByTime_ReportExactPrecisionRecallAndHitRate()
    {
        var model = ApiCalls.NewId("acc");
        var items = TinyModel.ItemsFor(model);
        using (var upload = await _http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(items) with { AttributionEvents = 3 }))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        using (var activate = await _http.PostAsync($"/v1/models/{model}/versions/1/activate", null))
        {
            Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        }

        var user = ApiCalls.NewId("user");
        string a = items[0], b = items[1], c = items[2], d = items[3];
        await _http.PostEventsAsync(Event("e1", user, a, "view", T0));
        await _http.ProfileWithEventsAsync(user, 1);

        // Impression 1: [a, d]. Its window fills with three events: d viewed (a hit), b carted, c viewed.
        var first = await _http.RecommendAsync(user, 2, model);
        Assert.Equal([a, d], first.Items.Select(i => i.ItemId));
        await _http.PostEventsAsync(Event("e2", user, d, "view", T0.AddMinutes(1)), Event("e3", user, b, "cart", T0.AddMinutes(2)), Event("e4", user, c, "view", T0.AddMinutes(3)));
        await _http.ProfileWithEventsAsync(user, 4);

        // Impression 2 (anchored at e4's time): the next event comes 31 minutes later, so its window closes empty.
        var second = await _http.RecommendAsync(user, 2, model);
        Assert.Equal(2, second.Items.Count);
        await _http.PostEventsAsync(Event("e5", user, second.Items[0].ItemId, "view", T0.AddMinutes(34)));
        await _http.ProfileWithEventsAsync(user, 5);

        // A redelivered event changes nothing.
        await _http.PostEventsAsync(Event("e2", user, d, "view", T0.AddMinutes(1)));

        var metrics = await Eventually.GetAsync(() => MetricsAsync(model, 1), m => m.Accuracy.Overall.Impressions >= 2);

        Assert.Equal(model, metrics.Model);
        Assert.Equal("1", metrics.Version);
        Assert.Equal(new AccuracyFiguresResponse(2, 1, 1, 0.25, 1.0 / 3, 2 * 0.25 * (1.0 / 3) / (0.25 + (1.0 / 3)), 0.5), metrics.Accuracy.Overall);
        Assert.Equal(new AccuracyFiguresResponse(2, 1, 1, 0.25, 0.5, 2 * 0.25 * 0.5 / 0.75, 0.5), metrics.Accuracy.ByType["view"]);
        Assert.Equal(new AccuracyFiguresResponse(2, 1, 0, 0, 0, 0, 0), metrics.Accuracy.ByType["cart"]);
        Assert.Equal(new AccuracyFiguresResponse(2, 0, 0, 0, 0, 0, 0), metrics.Accuracy.ByType["purchase"]);
        Assert.True(metrics.Serving!.Requests >= 2, $"the two requests are among the {metrics.Serving.Requests} scored (warm-up included)");
        Assert.True(metrics.RequestsPerSecond > 0, "two requests were scored since load");

        var compare = await _http.GetFromJsonAsync<CompareResponse>($"/v1/models/{model}/compare?a=1&b=1", ApiCalls.Json);
        Assert.Equal(new MetricComparison("precisionAtK", 0.25, 0.25, 0), compare!.Online.Single(m => m.Name == "precisionAtK"));
        Assert.Equal(new MetricComparison("hitRate", 0.5, 0.5, 0), compare.Online.Single(m => m.Name == "hitRate"));
    }

    [Fact]
    public async Task Metrics_WhenListIsAFallback_CountUnderFallback()
    {
        // A model that has served (an unknown name is refused); a user without history gets the popular fallback.
        var model = ApiCalls.NewId("accfb");
        await _http.DeployTinyModelAsync(model, TinyModel.ItemsFor(model));
        var user = ApiCalls.NewId("user");
        var item = $"{model}-x";
        await _http.PostEventsAsync(Event("f1", ApiCalls.NewId("user"), item, "view", T0));
        // Polled for another user: every answer is an impression, and only the user's one list should count.
        await Eventually.GetAsync(() => _http.RecommendAsync(ApiCalls.NewId("user"), 1, model), r => r.Items.Count == 1);
        var list = await _http.RecommendAsync(user, 1, model);
        Assert.True(list.Fallback);
        var served = Assert.Single(list.Items).ItemId;

        // The user had no events: the window anchors on the first one after the list, and closes on one more than 30 minutes later.
        await _http.PostEventsAsync(Event("f2", user, served, "purchase", T0), Event("f3", user, item, "view", T0.AddMinutes(31)));
        await _http.ProfileWithEventsAsync(user, 2);

        var metrics = await Eventually.GetAsync(
            async () => (await _http.GetFromJsonAsync<VersionMetricsResponse>($"/v1/models/{model}/fallback/metrics", ApiCalls.Json))!,
            m => m.Accuracy.Overall.Impressions >= 1);

        Assert.Equal("fallback", metrics.Version);
        Assert.Equal(new AccuracyFiguresResponse(1, 1, 1, 1, 1, 1, 1), metrics.Accuracy.Overall);
        Assert.Null(metrics.Serving);
    }

    [Fact]
    public async Task Metrics_WhenVersionDoesNotExist_Is404()
    {
        using var response = await _http.GetAsync($"/v1/models/{ApiCalls.NewId("none")}/versions/1/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<VersionMetricsResponse> MetricsAsync(string model, int version) =>
        (await _http.GetFromJsonAsync<VersionMetricsResponse>($"/v1/models/{model}/versions/{version}/metrics", ApiCalls.Json))!;

    private static object Event(string eventId, string userId, string itemId, string type, DateTimeOffset at) =>
        new { eventId = $"{userId}-{eventId}", userId, itemId, type, timestamp = at };
}
