using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Api;

/// <summary>Serving config is versioned and reaches the running version on every silo without a reload.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelConfigTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task PutConfig_WhenValid_RecordsARevisionAndSilosApplyItWithoutReload()
    {
        var model = ApiCalls.NewId("cfg");
        var items = TinyModel.ItemsFor(model);
        await _http.DeployTinyModelAsync(model, items);
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(user, items[0]));
        await _http.ProfileWithEventsAsync(user, 1);
        await _http.RecommendAsync(user, 2, model);
        var engines = fixture.Cluster.Silos.Cast<InProcessSiloHandle>()
            .Select(s => s.SiloHost.Services.GetRequiredService<IInferenceEngine>()).ToArray();
        var loadedBefore = await Task.WhenAll(engines.Select(e => e.EnsureLoadedAsync(model, 1)));
        var serving = new ServingConfig
        {
            HistoryLength = 5,
            TopK = new TopKLimits { Default = 3, Max = 50 },
            Batching = new BatchingConfig { MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromMilliseconds(2), MaxQueueLength = 100, Instances = 3 },
        };

        using var put = await _http.PutAsJsonAsync($"/v1/models/{model}/versions/1/config", serving, ApiCalls.Json);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var revision = await put.Content.ReadFromJsonAsync<ConfigRevisionResponse>(ApiCalls.Json);
        Assert.Equal(2, revision!.Revision);
        Assert.Equal(serving, revision.Config);
        var history = (await _http.GetFromJsonAsync<ConfigRevisionResponse[]>($"/v1/models/{model}/versions/1/config/history", ApiCalls.Json))!;
        Assert.Equal([1, 2], history.Select(h => h.Revision));
        Assert.Equal(new BatchingConfig(), history[0].Config.Batching);
        var current = await _http.GetFromJsonAsync<ConfigRevisionResponse>($"/v1/models/{model}/versions/1/config", ApiCalls.Json);
        Assert.Equal(2, current!.Revision);

        var applied = await Eventually.GetAsync(
            () => Task.WhenAll(engines.Select(e => e.EnsureLoadedAsync(model, 1))),
            loaded => loaded.All(l => l.ConfigRevision == 2));
        Assert.All(applied, l =>
        {
            Assert.Equal(serving.Batching, l.Batching);
            Assert.Equal(3, l.Runners);
            Assert.Equal(5, l.Config.HistoryLength);
        });
        Assert.Equal(loadedBefore, applied);
    }

    [Fact]
    public async Task PutConfig_WhenInvalid_Returns400ListingEveryProblem()
    {
        var model = ApiCalls.NewId("badcfg");
        await _http.DeployTinyModelAsync(model, TinyModel.ItemsFor(model));
        var serving = new ServingConfig { Batching = new BatchingConfig { MaxBatchSize = 0, MaxQueueLength = 0 }, Device = "tpu" };

        using var put = await _http.PutAsJsonAsync($"/v1/models/{model}/versions/1/config", serving, ApiCalls.Json);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problem = await put.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.Equal(
            "invalid config: batching.maxBatchSize 0 is outside 1..1024; batching.maxQueueLength 0 is below maxBatchSize 0; device 'tpu' is not one of cpu, cuda",
            problem!.Detail);
        var history = await _http.GetFromJsonAsync<ConfigRevisionResponse[]>($"/v1/models/{model}/versions/1/config/history", ApiCalls.Json);
        Assert.Single(history!);
    }

    [Fact]
    public async Task GetConfig_WhenVersionUnknown_Returns404()
    {
        using var response = await _http.GetAsync($"/v1/models/{ApiCalls.NewId("nocfg")}/versions/3/config");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
