using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>
/// Each cause injected for real into the two-silo cluster, then <c>GET /v1/models/{model}/analysis</c> through the
/// gateway: the injected cause ranks first, with its evidence and the action that undoes it. Samples are taken by the
/// tests (the history grain's <c>SampleAsync</c>) around each phase, besides the timer's.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AnalysisTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task ConfigChange_ThatSlowsServing_RanksFirst_WithTheRevertToTheRevisionBefore()
    {
        var (model, _, user) = await _http.DeployTinyWithViewerAsync("an-config");
        await ServeAsync(model, user, rounds: 3);

        using (var put = await _http.PutAsJsonAsync($"/v1/models/{model}/versions/1/config", new ServingConfig { Batching = new BatchingConfig { MaxQueueDelay = TimeSpan.FromMilliseconds(150) } }, ApiCalls.Json))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await Eventually.GetAsync(() => _http.GetFromJsonAsync<VersionStatusResponse>($"/v1/models/{model}/versions/1/status", ApiCalls.Json)!, s => s!.Silos.Count > 0 && s.Silos.All(silo => silo.ConfigRevision == 2));
        await ServeAsync(model, user, rounds: 3);

        var analysis = await AnalysisAsync(model);

        var symptom = Assert.Single(analysis.Symptoms, s => s.Metric == "p99LatencyMs");
        Assert.True(symptom.After >= 150, $"p99 after the change: {symptom.After} ms");
        var top = analysis.Causes[0];
        Assert.Equal("config-change", top.Kind);
        Assert.Equal($"revert config to revision 1: POST /v1/models/{model}/versions/1/config/revert?revision=1", top.Action);
        Assert.Equal("config revision 2 of v1 replaced revision 1", top.Evidence[0].What);
        Assert.Contains(top.Evidence, e => e.What == symptom.Explanation);
    }

    [Fact]
    public async Task WorseVersionActivated_AccuracyRegressionRanksFirst_WithRollBackToThePrevious()
    {
        var model = ApiCalls.NewId("an-worse");
        var items = TinyModel.ItemsFor(model);
        Assert.Equal(HttpStatusCode.Created, (await _http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(items) with { AttributionEvents = 1 })).StatusCode);
        await _http.ActivateAsync(model, 1);

        // v1: every list has the item each user views next (a hit); v2 ranks other items, and users view none of them.
        await ImpressionsAsync(model, items, hit: true);
        await SampledAccuracyAsync(model, 1, 1.0);
        Assert.Equal(HttpStatusCode.Created, (await _http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(LifecycleCalls.Swapped(items)) with { AttributionEvents = 1 })).StatusCode);
        await _http.ActivateAsync(model, 2);
        await ImpressionsAsync(model, items, hit: false);
        await SampledAccuracyAsync(model, 2, 0.0);

        var analysis = await AnalysisAsync(model);

        var top = analysis.Causes[0];
        Assert.Equal("accuracy-regression", top.Kind);
        Assert.Equal($"roll back to v1: POST /v1/models/{model}/rollback", top.Action);
        Assert.Equal("v2 recommends worse than v1: online hitRate 0 against 1 (100% lower)", top.Explanation);
        Assert.Equal(("hitRate of v2 against v1", 1.0, 0.0), (top.Evidence[1].What, top.Evidence[1].Before, top.Evidence[1].After));
        Assert.Equal(("version-change", $"roll back to v1: POST /v1/models/{model}/rollback"), (analysis.Causes[1].Kind, analysis.Causes[1].Action));
    }

    [Fact]
    public async Task VersionAskingForCuda_OnAMachineWithout_CpuFallbackRanksFirst()
    {
        var model = ApiCalls.NewId("an-cuda");
        var items = TinyModel.ItemsFor(model);
        Assert.Equal(HttpStatusCode.Created, (await _http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(items) with { Device = "cuda" })).StatusCode);
        await _http.ActivateAsync(model, 1);
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(user, items[0]));
        await _http.ProfileWithEventsAsync(user, 1);
        await ServeAsync(model, user, rounds: 2);
        var status = await _http.GetFromJsonAsync<VersionStatusResponse>($"/v1/models/{model}/versions/1/status", ApiCalls.Json);

        var analysis = await AnalysisAsync(model);

        if (File.Exists("/dev/nvidia0"))
        {
            // A machine with a GPU runs it there: nothing fell back.
            Assert.All(status!.Silos, s => Assert.Equal("cuda", s.Device));
            Assert.DoesNotContain(analysis.Causes, c => c.Kind == "cpu-fallback");
            return;
        }

        var top = analysis.Causes[0];
        Assert.Equal("cpu-fallback", top.Kind);
        Assert.Equal($"v1 asks for CUDA but runs on the CPU on {status!.Silos.Count} silo(s): inference there is slower and batches wait longer", top.Explanation);
        Assert.Equal(status.Silos.Select(s => s.Silo).Order(StringComparer.Ordinal), top.Evidence.Select(e => e.Silo!));
        Assert.All(top.Evidence, e => Assert.Equal("v1 loaded on cpu (config: cuda)", e.What));
    }

    [Fact]
    public async Task StarvedBatcher_QueuePressureRanksFirst()
    {
        var model = ApiCalls.NewId("an-starve");
        var items = TinyModel.ItemsFor(model);
        var starved = TinyModel.Config(items) with { Batching = new BatchingConfig { MaxBatchSize = 1, MaxQueueLength = 1, Instances = 1 } };
        Assert.Equal(HttpStatusCode.Created, (await _http.UploadAsync(model, TinyModel.Artifact(), starved)).StatusCode);
        await _http.ActivateAsync(model, 1);
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(user, items[0]));
        await _http.ProfileWithEventsAsync(user, 1);
        await ServeAsync(model, user, rounds: 3);

        // Two hundred at once into a queue of one (the inference protocol: straight to the batcher, no profile in
        // between to serialise them): most are refused.
        var flood = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var body = new StringContent("""{"inputs":[{"name":"history","shape":[1,1],"datatype":"INT64","data":[1]}]}""", System.Text.Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync($"/v2/models/{model}/infer", body);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta, Body: await response.Content.ReadAsStringAsync());
        }));
        await fixture.Client.GetGrain<IModelHistoryGrain>(model).SampleAsync();
        var shed = flood.Where(f => f.StatusCode == HttpStatusCode.ServiceUnavailable).ToArray();
        Assert.NotEmpty(shed);
        Assert.All(shed, f => Assert.Equal((TimeSpan.FromSeconds(1), """{"error":"the inference queue is full; retry shortly"}"""), (f.RetryAfter, f.Body)));
        Assert.All(flood, f => Assert.Contains(f.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));

        var analysis = await AnalysisAsync(model);

        var top = analysis.Causes[0];
        Assert.Equal("queue-pressure", top.Kind);
        Assert.Equal("the batcher of v1 cannot keep up: requests are refused (queue full) or miss their deadline while queued", top.Explanation);
        Assert.Contains(top.Evidence, e => e.What.StartsWith("shedRatio of v1 rose from 0 to ", StringComparison.Ordinal));
    }

    /// <summary><paramref name="rounds"/> times: three requests one after another, then a sample.</summary>
    private async Task ServeAsync(string model, string user, int rounds)
    {
        var history = fixture.Client.GetGrain<IModelHistoryGrain>(model);
        await history.SampleAsync();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                await _http.RecommendAsync(user, 2, model);
            }

            await history.SampleAsync();
        }
    }

    /// <summary>Four new users each view the first item, get a list, and view an item in it (hit) or one not in it (miss).</summary>
    private async Task ImpressionsAsync(string model, string[] items, bool hit)
    {
        for (var i = 0; i < 4; i++)
        {
            var user = ApiCalls.NewId("user");
            await _http.PostEventsAsync(ApiCalls.View(user, items[0]));
            await _http.ProfileWithEventsAsync(user, 1);
            var list = (await _http.RecommendAsync(user, 2, model)).Items.Select(r => r.ItemId).ToArray();
            var next = hit ? list[0] : items.First(item => item != items[0] && !list.Contains(item));
            await _http.PostEventsAsync(ApiCalls.View(user, next));
            await _http.ProfileWithEventsAsync(user, 2);
        }
    }

    /// <summary>Waits until a history sample of the version carries its online hit-rate, and checks it.</summary>
    private async Task SampledAccuracyAsync(string model, int version, double expected)
    {
        var history = fixture.Client.GetGrain<IModelHistoryGrain>(model);
        var sample = await Eventually.GetAsync(
            async () =>
            {
                await history.SampleAsync();
                return (await history.GetHistoryAsync(TimeSpan.FromMinutes(15))).Versions.FirstOrDefault(v => v.Version == version)?.Samples.LastOrDefault(s => s.Impressions >= 4);
            },
            s => s is not null);
        Assert.Equal(expected, sample!.HitRate);
    }

    private async Task<ModelAnalysis> AnalysisAsync(string model) =>
        (await _http.GetFromJsonAsync<ModelAnalysis>($"/v1/models/{model}/analysis?minutes=15", ApiCalls.Json))!;
}
