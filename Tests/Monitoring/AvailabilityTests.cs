using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Tests.Infrastructure;

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
        var model = ApiCalls.NewId("avail");
        var items = TinyModel.ItemsFor(model);
        await _http.DeployTinyModelAsync(model, items);
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(user, items[0]));
        await _http.ProfileWithEventsAsync(user, 1);
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
