using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>
/// The operator page <c>/ops/</c>: its static files, the model list it reads, and the page itself in a real headless
/// Chromium (Debian's, driven by Playwright; no browser is ever downloaded) against the gateway on a real port:
/// versions, traffic split, charts of the history endpoint and a firing alert, with no console error; and the analysis
/// of a serving-config change, whose screenshot is <c>docs/images/ops-analysis.png</c>.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class OpsPageTests(ClusterFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    [Fact]
    public async Task OpsPage_IsServedWithoutKey_WithAStrictContentSecurityPolicy()
    {
        using var anonymous = fixture.Gateway.CreateClient(apiKey: null);

        // Without the slash it redirects (the test client follows): the page's relative links need it.
        using (var bare = await anonymous.GetAsync("/ops"))
        {
            Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
            Assert.Equal("/ops/", bare.RequestMessage?.RequestUri?.AbsolutePath);
        }

        using var page = await anonymous.GetAsync("/ops/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"ops.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.Contains("<input id=\"key\" name=\"key\" type=\"password\"", html, StringComparison.Ordinal);
        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));

        foreach (var (asset, type) in new[] { ("ops.js", "text/javascript"), ("ops.css", "text/css") })
        {
            using var response = await anonymous.GetAsync($"/ops/{asset}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }

        using var missing = await anonymous.GetAsync("/ops/secrets.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ModelList_NamesEveryModelThatServed_WithItsActiveVersion()
    {
        var model = ApiCalls.NewId("opslist");
        var http = fixture.Http;
        await http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        var before = await http.GetFromJsonAsync<ModelListResponse>("/v1/models", ApiCalls.Json);
        Assert.DoesNotContain(before!.Models, m => m.Name == model);

        await http.ActivateAsync(model, 1);
        await http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        var list = await http.GetFromJsonAsync<ModelListResponse>("/v1/models", ApiCalls.Json);

        Assert.Equal(new ModelSummaryResponse(model, 1), Assert.Single(list!.Models, m => m.Name == model));
        Assert.Equal(list.Models.Select(m => m.Name).Order(StringComparer.Ordinal), list.Models.Select(m => m.Name));
    }

    [ExecutableFact(Chromium, "chromium")]
    public async Task OpsPage_InChromium_ShowsVersionsTrafficAndChartsOfRealTraffic_WithoutConsoleErrors()
    {
        var (gateway, http, url) = StartGateway();
        await using var disposeGateway = gateway;
        using var disposeHttp = http;

        // v1 serves 90% of users, v2 10%; every list's window closes on the user's next event (accuracy shows).
        var model = ApiCalls.NewId("ops");
        var items = TinyModel.ItemsFor(model);
        using (var upload = await http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(items) with { AttributionEvents = 1 }))
        {
            upload.EnsureSuccessStatusCode();
        }

        await http.ActivateAsync(model, 1);
        await http.UploadTinyAsync(model, items);
        using (var split = await http.PutTrafficAsync(model, """{"splits":{"1":90,"2":10}}"""))
        {
            split.EnsureSuccessStatusCode();
        }

        var users = Enumerable.Range(0, 200).Select(_ => ApiCalls.NewId("opsu")).Where(u => TrafficPolicy.Bucket(u) < 90).Take(4).ToArray();
        await http.SeedUsersAsync(users, items[0]);
        foreach (var user in users)
        {
            var list = await http.RecommendAsync(user, 2, model);
            Assert.Equal(1, list.Version);
            await http.PostEventsAsync(ApiCalls.View(user, items[3]));
        }

        // A rule that fires on any traffic, so the page has a firing alert to show.
        using (var rule = await http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new { id = "ops-any-latency", metric = "p99LatencyMs", comparison = ">", threshold = 0.001, windowSeconds = 60, severity = "warning", version = 1 }))
        {
            rule.EnsureSuccessStatusCode();
        }

        var firing = await Eventually.GetAsync(
            async () => (await http.GetFromJsonAsync<AlertsResponse>("/v1/alerts?state=firing", ApiCalls.Json))!.Alerts,
            a => a.Any(x => x.Model == model && x.RuleId == "ops-any-latency"),
            TimeSpan.FromSeconds(60));
        Assert.Contains(firing, a => a.Model == model && a.RuleId == "ops-any-latency");

        var history = await Eventually.GetAsync(
            () => HistoryAsync(http, model),
            h => Samples(h, "1").Any(s => s.P99Ms is not null && s.RequestsPerSecond > 0) && Samples(h, "1").Any(s => s.PrecisionAtK is not null),
            TimeSpan.FromSeconds(60));
        var v1 = Samples(history, "1");
        Assert.True(v1.Any(s => s.PrecisionAtK is not null), $"history of v1 never had accuracy: {v1.Length} samples");
        var versions = (await http.GetFromJsonAsync<ModelVersionsResponse>($"/v1/models/{model}/versions", ApiCalls.Json))!.Versions;

        await using var browser = await BrowserPage.OpenAsync(Chromium, ChromiumArgs, height: 1100);
        var page = browser.Page;

        var screenshot = TestArtifacts.PathOf("ops.png");
        try
        {
            var response = await page.GotoAsync($"{url}/ops/");
            Assert.Equal(200, response!.Status);
            await page.FillAsync("#key", GatewayFactory.OperatorKey);
            await page.ClickAsync("#use-key");

            var section = page.Locator($"section.model[data-model='{model}']");
            await section.WaitForAsync(new() { Timeout = 30_000 });
            Assert.Contains("active v1", await section.Locator("h2").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("1:90,2:10", await section.Locator(".traffic").GetAttributeAsync("data-traffic"));
            foreach (var version in versions)
            {
                var row = section.Locator($"table.versions tr[data-version='{version.Version}']");
                Assert.Equal(version.State.ToString().ToLowerInvariant(), await row.GetAttributeAsync("data-state"));
                Assert.Equal(version.State.ToString().ToLowerInvariant(), await row.Locator(".state").InnerTextAsync());
            }

            var alert = page.Locator($"#alerts li[data-model='{model}'][data-alert='ops-any-latency']");
            Assert.True(await page.Locator("#alerts").IsVisibleAsync(), "the firing alerts section shows");
            Assert.Equal("1", await alert.GetAttributeAsync("data-version"));
            Assert.StartsWith("ops-any-latency warning · " + model + " v1 · p99LatencyMs ", await alert.InnerTextAsync(), StringComparison.Ordinal);

            // Push mode is off on this cluster (no version config switches it on): the push row says so.
            Assert.True(await page.Locator("#push").IsVisibleAsync(), "the push section shows");
            var pushCells = page.Locator("#push-body tr td");
            Assert.StartsWith("none (push is off", await pushCells.Nth(0).InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("0", await pushCells.Nth(1).InnerTextAsync());

            // Every silo's process figures; no GPU figures on a machine without one.
            var siloRows = page.Locator("#silos tr[data-silo]");
            await siloRows.First.WaitForAsync(new() { Timeout = 30_000 });
            var silos = (await fixture.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
            Assert.Equal(silos, await siloRows.CountAsync());
            Assert.Matches(@"^\d+(\.\d)? (B|KiB|MiB|GiB)$", await siloRows.First.Locator("td[data-figure='working-set']").InnerTextAsync());
            if (Orleans.Rec.Diagnostics.GpuMonitor.Current is null)
            {
                Assert.Equal("no GPU", await siloRows.First.Locator("td[data-figure='gpu']").InnerTextAsync());
            }

            var charts = section.Locator("div.version[data-version='1']");
            var expected = new Dictionary<(string Chart, string Series), int>
            {
                [("latency", "p50")] = v1.Count(s => s.P50Ms is not null),
                [("latency", "p99")] = v1.Count(s => s.P99Ms is not null),
                [("throughput", "requests/s")] = v1.Length,
                [("batch", "batch size")] = v1.Count(s => s.MeanBatchSize is not null),
                [("accuracy", "precision@k")] = v1.Count(s => s.PrecisionAtK is not null),
                [("accuracy", "hit-rate")] = v1.Count(s => s.HitRate is not null),
            };
            foreach (var ((chart, series), atLeast) in expected)
            {
                var path = charts.Locator($"svg[data-chart='{chart}'] path[data-series='{series}']");
                var points = int.Parse((await path.GetAttributeAsync("data-points"))!, System.Globalization.CultureInfo.InvariantCulture);
                var d = (await path.GetAttributeAsync("d"))!;

                // The page read the history after the test did: it may hold more samples, never fewer.
                Assert.True(points >= Math.Max(1, atLeast), $"{chart}/{series}: {points} points drawn, the history had {atLeast}");
                Assert.Equal(points == 1 ? 2 : points, PathCommand().Matches(d).Count);
            }

            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            throw;
        }

        Assert.Empty(browser.Errors);
    }

    [ExecutableFact(Chromium, "chromium")]
    public async Task OpsPage_InChromium_ShowsTheAnalysisOfAConfigChange_AndTheAlertsTopCause_WithoutConsoleErrors()
    {
        var (gateway, http, url) = StartGateway();
        await using var disposeGateway = gateway;
        using var disposeHttp = http;

        // v1 serves a few users, then its batches wait up to 200 ms to fill: serving config revision 2.
        var model = ApiCalls.NewId("opsan");
        var items = TinyModel.ItemsFor(model);
        Assert.Equal(1, await http.DeployTinyModelAsync(model, items));
        var users = Enumerable.Range(0, 4).Select(_ => ApiCalls.NewId("opsau")).ToArray();
        await http.SeedUsersAsync(users, items[0]);
        foreach (var user in users)
        {
            Assert.Equal(1, (await http.RecommendAsync(user, 2, model)).Version);
        }

        var current = (await http.GetFromJsonAsync<ConfigRevisionResponse>($"/v1/models/{model}/versions/1/config", ApiCalls.Json))!;
        Assert.Equal(1, current.Revision);
        var slower = current.Config with { Batching = current.Config.Batching with { MaxQueueDelay = TimeSpan.FromMilliseconds(200) } };
        using (var put = await http.PutAsJsonAsync($"/v1/models/{model}/versions/1/config", slower, ApiCalls.Json))
        {
            put.EnsureSuccessStatusCode();
            Assert.Equal(2, (await put.Content.ReadFromJsonAsync<ConfigRevisionResponse>(ApiCalls.Json))!.Revision);
        }

        foreach (var user in users)
        {
            Assert.Equal(1, (await http.RecommendAsync(user, 2, model)).Version);
        }

        // A rule that fires on any traffic: the firing alert carries the analysis made when it fired.
        const string RuleId = "ops-analysis-latency";
        using (var rule = await http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new { id = RuleId, metric = "p99LatencyMs", comparison = ">", threshold = 0.001, windowSeconds = 60, severity = "warning", version = 1 }))
        {
            rule.EnsureSuccessStatusCode();
        }

        var alerts = await Eventually.GetAsync(
            async () => (await http.GetFromJsonAsync<AlertsResponse>($"/v1/models/{model}/alerts?state=firing", ApiCalls.Json))!.Alerts,
            a => a.Any(x => x.RuleId == RuleId && x.Analysis is { Causes.Length: > 0 }),
            TimeSpan.FromSeconds(60));
        var alertCause = Assert.Single(alerts, a => a.RuleId == RuleId).Analysis!.Causes[0];

        var analysis = (await http.GetFromJsonAsync<ModelAnalysis>($"/v1/models/{model}/analysis?minutes=60", ApiCalls.Json))!;
        Assert.Equal(model, analysis.Model);
        var change = Assert.Single(analysis.Causes, c => c.Kind == "config-change");
        Assert.Equal($"revert config to revision 1: POST /v1/models/{model}/versions/1/config/revert?revision=1", change.Action);
        Assert.Equal(Math.Round(change.Strength * change.Timing, 3), change.Score);
        Assert.Equal("config revision 2 of v1 replaced revision 1", change.Evidence[0].What);

        await using var browser = await BrowserPage.OpenAsync(Chromium, ChromiumArgs, height: 900);
        var page = browser.Page;

        var screenshot = Path.Combine(Repository.Root, "docs", "images", "ops-analysis.png");
        try
        {
            // ?model= selects the model: its section and its alerts only.
            var response = await page.GotoAsync($"{url}/ops/?model={model}");
            Assert.Equal(200, response!.Status);
            await page.FillAsync("#key", GatewayFactory.OperatorKey);
            await page.ClickAsync("#use-key");

            var section = page.Locator($"section.model[data-model='{model}']");
            var row = section.Locator(".analysis table.causes tr[data-cause='config-change']");
            await row.WaitForAsync(new() { Timeout = 30_000 });
            Assert.Equal(1, await page.Locator("section.model").CountAsync());
            Assert.Equal("config-change", await row.Locator(".kind").InnerTextAsync());
            Assert.Equal(change.Explanation, await row.Locator("[data-field='explanation']").InnerTextAsync());
            Assert.Equal(change.Action, await row.Locator("td[data-field='action']").InnerTextAsync());
            Assert.Equal($"{Utc(change.Evidence[0].At)} · config revision 2 of v1 replaced revision 1", await row.Locator("ul.evidence li").First.InnerTextAsync());
            Assert.StartsWith("Analysis", await section.Locator(".analysis h3").InnerTextAsync(), StringComparison.Ordinal);

            var alert = page.Locator($"#alerts li[data-model='{model}'][data-alert='{RuleId}']");
            var top = alert.Locator(".top-cause");
            await top.WaitForAsync(new() { Timeout = 30_000 });
            Assert.Equal(alertCause.Kind, await top.GetAttributeAsync("data-cause"));
            Assert.Equal(alertCause.Kind, await top.Locator(".kind").InnerTextAsync());
            Assert.Equal(alertCause.Action, await top.Locator("[data-field='action']").InnerTextAsync());
            Assert.Equal(await page.Locator("#alerts li").CountAsync(), await page.Locator($"#alerts li[data-model='{model}']").CountAsync());

            // The README's picture: written only when the page showed what it should.
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = TestArtifacts.PathOf("ops-analysis-failed.png"), FullPage = true });
            throw;
        }

        Assert.Empty(browser.Errors);
    }

    /// <summary>A time as the page writes it: <c>HH:mm:ss UTC</c>.</summary>
    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC";

    private static async Task<HistoryResponse> HistoryAsync(HttpClient http, string model) =>
        (await http.GetFromJsonAsync<HistoryResponse>($"/v1/models/{model}/history?minutes=60", ApiCalls.Json))!;

    private static HistorySample[] Samples(HistoryResponse history, string version) =>
        history.Versions.FirstOrDefault(v => v.Version == version)?.Samples ?? [];

    [GeneratedRegex("[ML]-?[0-9]")]
    private static partial Regex PathCommand();

    /// <summary>The history endpoint's answer, as the page reads it.</summary>
    private sealed record HistoryResponse(string Model, int IntervalSeconds, HistoryVersion[] Versions);

    private sealed record HistoryVersion(string Version, HistorySample[] Samples);

    private sealed record HistorySample(
        DateTimeOffset At,
        double RequestsPerSecond,
        double? P50Ms,
        double? P95Ms,
        double? P99Ms,
        double? MeanBatchSize,
        double? ErrorRatio,
        double? ShedRatio,
        double? PrecisionAtK,
        double? RecallAtK,
        double? HitRate,
        long Impressions);

    /// <summary>The gateway on a real port (the browser needs one), and a client that sends the operator key.</summary>
    private (GatewayFactory Gateway, HttpClient Http, string Url) StartGateway()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var gateway = new GatewayFactory(fixture.Cluster, new Dictionary<string, string> { ["urls"] = url });
        gateway.UseKestrel();
        gateway.StartServer();
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Add(RecRoles.ApiKeyHeader, GatewayFactory.OperatorKey);
        return (gateway, http, url);
    }
}
