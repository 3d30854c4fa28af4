using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>Availability figures of a version, and readiness that waits for every active version to be loaded.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AvailabilityTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Metrics_WhenVersionServesOnBothSilos_ReportsAvailabilityFigures()
    {
        var before = DateTime.UtcNow;
        var (model, items, user) = await _http.DeployTinyWithViewerAsync("avail");
        var history = fixture.Client.GetGrain<IModelHistoryGrain>(model);
        await history.SampleAsync();
        await _http.RecommendAsync(user, 2, model);
        await history.SampleAsync();

        var metrics = (await _http.GetFromJsonAsync<VersionMetricsResponse>($"/v1/models/{model}/versions/1/metrics", ApiCalls.Json))!;

        var availability = metrics.Availability!;
        Assert.Equal(0, availability.ErrorRatio);
        Assert.Equal(0, availability.ShedRatio);
        Assert.Equal(0, availability.WindowErrorRatio);
        Assert.Equal(2, availability.SilosActive);
        Assert.Equal(2, availability.SilosLoaded);
        Assert.InRange(availability.ReadySince!.Value, before, DateTime.UtcNow);
        Assert.InRange(availability.UptimeSeconds!.Value, 0, (DateTime.UtcNow - before).TotalSeconds);
        Assert.True(availability.LoadMilliseconds > 0, "loading and warming take time");
        Assert.True(availability.Samples >= 1, $"{availability.Samples} samples");
        Assert.Equal(1.0, availability.LoadedEverywhereFraction);
        Assert.Equal(0, availability.MembershipChanges);
        Assert.InRange(availability.ObservedSince, before, DateTime.UtcNow);
    }

    [Fact]
    public async Task Metrics_WhenRequestsAreServedExpireAndAreShed_ReportExactRatios()
    {
        // One runner, one request at a time, room for one waiting request: a burst is partly shed.
        var batching = new BatchingConfig { MaxBatchSize = 1, MaxQueueDelay = TimeSpan.Zero, MaxQueueLength = 1, Instances = 1 };
        var model = ApiCalls.NewId("ratios");
        var items = TinyModel.ItemsFor(model);
        using (var upload = await _http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(items) with { Batching = batching }))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        await _http.ActivateAsync(model, 1);
        var engine = fixture.Cluster.Silos.Cast<InProcessSiloHandle>().First().SiloHost.Services.GetRequiredService<IInferenceEngine>();
        var loaded = await engine.EnsureLoadedAsync(model, 1);
        var history = fixture.Client.GetGrain<IModelHistoryGrain>(model);
        var start = (await history.SampleAsync()).Single(v => v.Version == 1).Samples[0].At;

        // One served, one whose deadline has passed before it runs: an error ratio of exactly 1/2.
        Assert.Equal([items[0], items[3]], (await loaded.PredictAsync([items[0]], 2, [])).Items.Select(i => i.ItemId));
        Assert.Equal(InferenceRefusal.DeadlineExceeded, (await loaded.PredictAsync([items[0]], 2, [], DateTimeOffset.UtcNow.AddSeconds(-1))).Refusal);
        await history.SampleAsync();

        var samples = await SamplesSinceAsync(history, start);
        Assert.Equal((1, 0, 1, 0), (samples.Sum(s => s.Requests), samples.Sum(s => s.Shed), samples.Sum(s => s.Expired), samples.Sum(s => s.Failed)));
        var metrics = await MetricsAsync(model);
        Assert.Equal((0.5, 0.0, 0.5, 0.0), (metrics.ErrorRatio, metrics.ShedRatio, metrics.WindowErrorRatio, metrics.WindowShedRatio));

        // A burst: every request is either answered or shed, and the ratios count exactly those.
        var burst = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            var answer = await loaded.PredictAsync([items[0]], 2, []);
            Assert.NotEqual(InferenceRefusal.DeadlineExceeded, answer.Refusal);
            return answer.Refusal == InferenceRefusal.None;
        }));
        await history.SampleAsync();
        var served = 1 + burst.Count(b => b);
        var shed = burst.Count(b => !b);

        samples = await SamplesSinceAsync(history, start);
        Assert.Equal((served, shed, 1), (samples.Sum(s => s.Requests), samples.Sum(s => s.Shed), samples.Sum(s => s.Expired)));
        Assert.All(samples.Where(s => s.Attempts > 0), s =>
        {
            Assert.Equal((double)s.Expired / s.Attempts, s.ErrorRatio);
            Assert.Equal((double)s.Shed / s.Attempts, s.ShedRatio);
            Assert.Equal(s.Requests == 0 ? 0 : (double)s.Requests / s.Batches, s.MeanBatchSize);
        });
        metrics = await MetricsAsync(model);
        var attempts = served + shed + 1.0;
        Assert.Equal((1 / attempts, shed / attempts), (metrics.ErrorRatio, metrics.ShedRatio));
        Assert.Equal((1 / attempts, shed / attempts), (metrics.WindowErrorRatio, metrics.WindowShedRatio));
    }

    private static async Task<HistorySample[]> SamplesSinceAsync(IModelHistoryGrain history, DateTimeOffset start) =>
        (await history.GetHistoryAsync(TimeSpan.FromHours(1))).Versions.Single(v => v.Version == 1).Samples.Where(s => s.At > start).ToArray();

    private async Task<AvailabilityResponse> MetricsAsync(string model) =>
        (await _http.GetFromJsonAsync<VersionMetricsResponse>($"/v1/models/{model}/versions/1/metrics", ApiCalls.Json))!.Availability!;

    [Fact]
    public async Task Ready_WhenAnActiveVersionIsLoadedNowhere_IsUnhealthyUntilItLoads()
    {
        var model = ApiCalls.NewId("ready");
        await _http.DeployTinyModelAsync(model, TinyModel.ItemsFor(model));
        var silos = fixture.Cluster.Silos.Select(s => fixture.Client.GetGrain<ISiloAgentGrain>(s.SiloAddress.ToParsableString())).ToArray();
        using (var loaded = await _http.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        }

        try
        {
            foreach (var silo in silos)
            {
                Assert.True(await silo.UnloadAsync(model, 1));
            }

            using var unloaded = await _http.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, unloaded.StatusCode);
            Assert.Equal("Unhealthy", await unloaded.Content.ReadAsStringAsync());
        }
        finally
        {
            await silos[0].EnsureLoadedAsync(model, 1);
        }

        using var reloaded = await _http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
    }
}
