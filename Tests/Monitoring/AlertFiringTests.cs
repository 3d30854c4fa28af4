using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>
/// Alert rules evaluated for real: a version whose batches wait 100 ms (its batching config) answers no request
/// faster than that, so a p99 rule at 30 ms fires deterministically while it serves and resolves once it stops.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertFiringTests(ClusterFixture fixture)
{
    private static readonly BatchingConfig Slow = new() { MaxQueueDelay = TimeSpan.FromMilliseconds(100) };
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task P99Rule_WhenVersionIsSlow_FiresThenResolvesAfterTrafficStops_AndNotifiesTheWebhook()
    {
        using var webhook = new WebhookReceiver(failFirst: 1);
        var model = ApiCalls.NewId("alert");
        var items = TinyModel.ItemsFor(model);
        await UploadAsync(model, items, Slow);
        await _http.ActivateAsync(model, 1);
        var user = ApiCalls.NewId("user");
        await _http.SeedUsersAsync([user], items[0]);
        using (var rule = await _http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new { id = "slow", metric = "p99LatencyMs", comparison = ">", threshold = 30, windowSeconds = 3, severity = "critical", webhookUrl = webhook.Url }))
        {
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        }

        // Traffic until the rule fires (every request takes at least the 100 ms batch delay).
        var firing = await Eventually.GetAsync(
            async () =>
            {
                await _http.RecommendAsync(user, 2, model);
                return await AlertsAsync($"/v1/models/{model}/alerts?state=firing");
            },
            a => a.Any(x => x.RuleId == "slow"),
            Timeout);

        var fired = Assert.Single(firing, a => a.RuleId == "slow");
        Assert.Equal(("1", "critical", "firing", "p99LatencyMs", 30.0), (fired.Version, fired.Severity, fired.State, fired.Metric, fired.Threshold));
        // Every request waits at least the 100 ms batch delay: the p99 lies in the (64, 128] ms bucket or above (a loaded machine adds more).
        Assert.InRange(fired.Value, 64, 5000);
        Assert.False(fired.RolledBack);
        var firedBody = await webhook.NextAsync(Timeout);
        Assert.Equal("firing", firedBody.GetProperty("state").GetString());
        Assert.Equal(model, firedBody.GetProperty("model").GetString());
        Assert.Equal("slow", firedBody.GetProperty("ruleId").GetString());
        Assert.Equal(fired.Value, firedBody.GetProperty("value").GetDouble());

        // The alert carries its analysis, made as it fired: the alert is its symptom; the notification carries the same.
        Assert.Equal(model, fired.Analysis!.Model);
        Assert.Contains(fired.Analysis.Symptoms, s => s.Metric == "p99LatencyMs" && s.Version == 1 && s.Explanation.StartsWith("the alert on p99LatencyMs fired at ", StringComparison.Ordinal));
        var notified = firedBody.GetProperty("analysis");
        Assert.Equal(fired.Analysis.SymptomAt, notified.GetProperty("symptomAt").GetDateTimeOffset());
        Assert.Equal(fired.Analysis.Causes.Select(c => (c.Kind, c.Action)), notified.GetProperty("causes").EnumerateArray().Select(c => (c.GetProperty("kind").GetString()!, c.GetProperty("action").GetString()!)));

        // No more traffic: the window empties and the alert resolves.
        var resolved = await Eventually.GetAsync(() => AlertsAsync($"/v1/models/{model}/alerts?state=resolved"), a => a.Any(x => x.RuleId == "slow"), Timeout);

        var after = Assert.Single(resolved, a => a.RuleId == "slow");
        Assert.Equal(fired.Sequence, after.Sequence);
        Assert.True(after.ResolvedAt >= after.FiredAt, $"resolved {after.ResolvedAt:o}, fired {after.FiredAt:o}");
        var resolvedBody = await webhook.NextAsync(Timeout);
        Assert.Equal("resolved", resolvedBody.GetProperty("state").GetString());
        Assert.Equal(fired.Sequence, resolvedBody.GetProperty("sequence").GetInt64());
        Assert.True(webhook.Calls >= 3, $"the first call was refused and retried ({webhook.Calls} calls)");
        Assert.DoesNotContain(await AlertsAsync($"/v1/models/{model}/alerts?state=firing"), a => a.RuleId == "slow");
        Assert.Contains(await AlertsAsync("/v1/alerts?state=all"), a => a.Model == model && a.RuleId == "slow" && a.State == "resolved");
    }

    [Fact]
    public async Task AutoRollback_WhenSlowCanaryBreachesAgainstControl_EndsTheSplitAndIsAudited()
    {
        var model = ApiCalls.NewId("rollbk");
        var items = TinyModel.ItemsFor(model);
        await UploadAsync(model, items, new BatchingConfig());
        await _http.ActivateAsync(model, 1);
        await UploadAsync(model, items, Slow);
        var users = Enumerable.Range(0, 16).Select(i => ApiCalls.NewId($"u{i}")).ToArray();
        await _http.SeedUsersAsync(users, items[0]);
        using (var put = await _http.PutTrafficAsync(model, """{"splits":{"1":50,"2":50}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var policy = new TrafficPolicy { Active = 1, Splits = [new TrafficSplit(1, 50), new TrafficSplit(2, 50)] };
        Assert.Equal([1, 2], users.Select(u => policy.Route(u)!.Value).Distinct().Order());
        using (var rule = await _http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new { id = "canary-slow", metric = "p99LatencyMs", comparison = ">", threshold = 30, windowSeconds = 3, compareWithControl = true, autoRollback = true }))
        {
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        }

        var firing = await Eventually.GetAsync(
            async () =>
            {
                await Task.WhenAll(users.Select(u => _http.RecommendAsync(u, 2, model)));
                return await AlertsAsync($"/v1/models/{model}/alerts?state=all");
            },
            a => a.Any(x => x.RuleId == "canary-slow"),
            Timeout);

        var fired = Assert.Single(firing, a => a.RuleId == "canary-slow");
        Assert.Equal(("2", 1), (fired.Version, fired.ControlVersion));
        Assert.True(fired.RolledBack);
        var traffic = (await _http.GetFromJsonAsync<TrafficResponse>($"/v1/models/{model}/traffic", ApiCalls.Json))!;
        Assert.Empty(traffic.Splits);
        Assert.Equal(1, traffic.Active);
        var audit = await _http.AuditAsync(model);
        Assert.Equal(("traffic", "active version serves all; no shadow"), (audit[^1].Action, audit[^1].Detail));
        Assert.Equal("alert:canary-slow", audit[^1].Actor);
        Assert.All(await Task.WhenAll(users.Select(u => _http.RecommendAsync(u, 2, model))), r => Assert.Equal(1, r.Version));
    }

    private async Task UploadAsync(string model, string[] items, BatchingConfig batching)
    {
        using var upload = await _http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(items) with { Batching = batching });
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }

    private async Task<IReadOnlyList<AlertResponse>> AlertsAsync(string path) =>
        (await _http.GetFromJsonAsync<AlertsResponse>(path, ApiCalls.Json))!.Alerts;
}
