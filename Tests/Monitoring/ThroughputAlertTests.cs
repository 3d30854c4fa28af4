using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>
/// A throughput-drop rule evaluated for real (test clusters sample every second): traffic builds a baseline, then
/// stops; the version still has traffic in the baseline, so it is watched, and the rule fires; once the baseline too
/// has emptied there is no value any more and the alert resolves.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ThroughputAlertTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task ThroughputRule_WhenTrafficStopsAfterABaseline_FiresForTheVersion_ThenResolvesWhenTheBaselineEmpties()
    {
        var model = ApiCalls.NewId("tput");
        var items = TinyModel.ItemsFor(model);
        await _http.UploadTinyAsync(model, items);
        await _http.ActivateAsync(model, 1);
        var user = ApiCalls.NewId("user");
        await _http.SeedUsersAsync([user], items[0]);
        // Window 2 s, baseline the 6 s before it.
        using (var rule = await _http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new { id = "drop", metric = "throughputRatio", comparison = "<", threshold = 0.5, windowSeconds = 2 }))
        {
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        }

        // Traffic until the newest 8 samples (8 s) all had requests: a full baseline and window.
        await Eventually.GetAsync(
            async () =>
            {
                await _http.RecommendAsync(user, 2, model);
                return await SamplesAsync(model);
            },
            s => s.Count >= 8 && s.TakeLast(8).All(x => x.RequestsPerSecond > 0),
            Timeout);

        // No more traffic: the window's rate falls to nothing against the baseline's.
        var firing = await Eventually.GetAsync(() => AlertsAsync($"/v1/models/{model}/alerts?state=firing"), a => a.Any(x => x.RuleId == "drop"), Timeout);

        var fired = Assert.Single(firing, a => a.RuleId == "drop");
        Assert.Equal(("1", "throughputRatio", "<"), (fired.Version, fired.Metric, fired.Comparison));
        Assert.InRange(fired.Value, 0, 0.5);
        var resolved = await Eventually.GetAsync(() => AlertsAsync($"/v1/models/{model}/alerts?state=resolved"), a => a.Any(x => x.RuleId == "drop"), Timeout);
        Assert.Null(Assert.Single(resolved, a => a.RuleId == "drop" && a.Sequence == fired.Sequence).ResolvedValue);
    }

    private async Task<IReadOnlyList<HistorySampleResponse>> SamplesAsync(string model) =>
        (await _http.GetFromJsonAsync<ModelHistoryResponse>($"/v1/models/{model}/history?minutes=1", ApiCalls.Json))!
            .Versions.FirstOrDefault(v => v.Version == "1")?.Samples ?? [];

    private async Task<IReadOnlyList<AlertResponse>> AlertsAsync(string path) =>
        (await _http.GetFromJsonAsync<AlertsResponse>(path, ApiCalls.Json))!.Alerts;
}
