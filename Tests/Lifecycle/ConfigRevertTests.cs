using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary><c>POST …/config/revert?revision=R</c>: an earlier serving config restored as a new revision, audited and applied by the silos.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class ConfigRevertTests(LifecycleFixture fixture)
{
    private readonly HttpClient _http = fixture.Operator;

    [Fact]
    public async Task Revert_RestoresTheRevisionAsANewOne_AuditsIt_AndEverySiloAppliesIt()
    {
        var model = ApiCalls.NewId("revert");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        await _http.ActivateAsync(model, 1);
        using (var put = await _http.PutAsJsonAsync($"/v1/models/{model}/versions/1/config", new ServingConfig { HistoryLength = 3, Batching = new BatchingConfig { MaxBatchSize = 4 } }, ApiCalls.Json))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var revert = await _http.PostAsync($"/v1/models/{model}/versions/1/config/revert?revision=1", null);

        Assert.Equal(HttpStatusCode.OK, revert.StatusCode);
        var restored = (await revert.Content.ReadFromJsonAsync<ConfigRevisionResponse>(ApiCalls.Json))!;
        var history = (await _http.GetFromJsonAsync<ConfigRevisionResponse[]>($"/v1/models/{model}/versions/1/config/history", ApiCalls.Json))!;
        Assert.Equal(3, restored.Revision);
        Assert.Equal([1, 2, 3], history.Select(h => h.Revision));
        Assert.Equal((10, 32), (history[2].Config.HistoryLength, history[2].Config.Batching.MaxBatchSize));
        Assert.Equal(history[0].Config, history[2].Config);
        var audit = (await _http.AuditAsync(model)).Single(a => a.Action == "config-revert");
        Assert.Equal((1, "revision 3 restores revision 1", LifecycleCalls.OperatorIdentity), (audit.Version, audit.Detail, audit.Actor));
        var status = await Eventually.GetAsync(
            () => _http.GetFromJsonAsync<VersionStatusResponse>($"/v1/models/{model}/versions/1/status", ApiCalls.Json)!,
            s => s!.Silos.Count > 0 && s.Silos.All(silo => silo.ConfigRevision == 3));
        Assert.All(status!.Silos, silo => Assert.Equal((3, 32), (silo.ConfigRevision, silo.Batching.MaxBatchSize)));
    }

    [Fact]
    public async Task Revert_OfTheModel_RestoresTheActiveVersionsRevision()
    {
        var model = ApiCalls.NewId("revertactive");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        await _http.ActivateAsync(model, 2);
        (await _http.PutAsJsonAsync($"/v1/models/{model}/versions/2/config", new ServingConfig { HistoryLength = 4 }, ApiCalls.Json)).Dispose();

        using var revert = await _http.PostAsync($"/v1/models/{model}/config/revert?revision=1", null);

        Assert.Equal(HttpStatusCode.OK, revert.StatusCode);
        var restored = (await revert.Content.ReadFromJsonAsync<ConfigRevisionResponse>(ApiCalls.Json))!;
        Assert.Equal((2, 3, 10), (restored.Version, restored.Revision, restored.Config.HistoryLength));
    }

    [Fact]
    public async Task Revert_WhenTheRevisionIsUnknownOrMissing_Returns404Or400AndChangesNothing()
    {
        var model = ApiCalls.NewId("revertbad");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));

        using var unknown = await _http.PostAsync($"/v1/models/{model}/versions/1/config/revert?revision=7", null);
        using var missing = await _http.PostAsync($"/v1/models/{model}/versions/1/config/revert", null);
        using var noActive = await _http.PostAsync($"/v1/models/{model}/config/revert?revision=1", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal($"model '{model}' version 1 has no config revision 7", (await unknown.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json))!.Detail);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["is required: the config revision to restore (1, 2, …)"], (await missing.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json))!.Errors["revision"]);
        Assert.Equal(HttpStatusCode.NotFound, noActive.StatusCode);
        Assert.Equal($"model '{model}' has no active version", (await noActive.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json))!.Detail);
        Assert.Single((await _http.GetFromJsonAsync<ConfigRevisionResponse[]>($"/v1/models/{model}/versions/1/config/history", ApiCalls.Json))!);
        Assert.DoesNotContain(await _http.AuditAsync(model), a => a.Action == "config-revert");
    }
}
