using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>Retirement, comparison, config history and the audit log.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class RetireCompareAuditTests(LifecycleFixture fixture)
{
    private readonly HttpClient _http = fixture.Operator;

    [Fact]
    public async Task Retire_IsRefusedWhileAVersionTakesTraffic_AndARetiredVersionNeverServesAgain()
    {
        var model = ApiCalls.NewId("retire");
        var items = TinyModel.ItemsFor(model);
        for (var v = 1; v <= 3; v++)
        {
            await _http.UploadTinyAsync(model, items);
        }

        await _http.ActivateAsync(model, 1);
        using (var put = await _http.PutTrafficAsync(model, """{"splits":{"1":50,"2":50},"shadow":"3"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var refused = new List<HttpStatusCode>();
        for (var v = 1; v <= 3; v++)
        {
            using var delete = await _http.DeleteAsync($"/v1/models/{model}/versions/{v}");
            refused.Add(delete.StatusCode);
        }

        using (var clear = await _http.PutTrafficAsync(model, "{}"))
        {
            Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        }

        using var retire = await _http.DeleteAsync($"/v1/models/{model}/versions/2");
        using var activate = await _http.PostAsync($"/v1/models/{model}/versions/2/activate", null);
        using var split = await _http.PutTrafficAsync(model, """{"splits":{"1":50,"2":50}}""");
        using var missing = await _http.DeleteAsync($"/v1/models/{model}/versions/9");

        Assert.Equal([HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict], refused);
        Assert.Equal(HttpStatusCode.OK, retire.StatusCode);
        Assert.Equal(ModelVersionState.Retired, (await retire.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json))!.State);
        var status = await _http.GetFromJsonAsync<VersionStatusResponse>($"/v1/models/{model}/versions/2/status", ApiCalls.Json);
        Assert.Empty(status!.Silos);
        Assert.Equal(3, (await _http.GetFromJsonAsync<VersionStatusResponse>($"/v1/models/{model}/versions/3/status", ApiCalls.Json))!.Silos.Count);
        Assert.Equal(HttpStatusCode.Conflict, activate.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, split.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var audit = await _http.AuditAsync(model);
        Assert.Equal(["upload", "upload", "upload", "activate", "traffic", "traffic", "retire"], audit.Select(a => a.Action));
        Assert.Equal("v1 50%, v2 50%; shadow v3", audit[4].Detail);
        Assert.Equal("active version serves all; no shadow", audit[5].Detail);
        Assert.Equal(2, audit[6].Version);
    }

    [Fact]
    public async Task Compare_ShowsBothVersionsWithOfflineAndOnlineMetricsSideBySide()
    {
        var model = ApiCalls.NewId("cmp");
        var items = TinyModel.ItemsFor(model);
        await _http.UploadTinyAsync(model, items, new TrainingInfo { Algorithm = "a", Metrics = new() { ["HR@10"] = 0.25, ["MRR@10"] = 0.125 } });
        await _http.UploadTinyAsync(model, items, new TrainingInfo { Algorithm = "b", Metrics = new() { ["HR@10"] = 0.5, ["NDCG@10"] = 0.375 } });
        await _http.ActivateAsync(model, 1);
        var user = ApiCalls.NewId("user");
        await _http.SeedUsersAsync([user], items[0]);
        await _http.RecommendAsync(user, 2, model);

        var compare = (await _http.GetFromJsonAsync<CompareResponse>($"/v1/models/{model}/compare?a=1&b=2", ApiCalls.Json))!;
        using var missing = await _http.GetAsync($"/v1/models/{model}/compare?a=1&b=7");
        using var noB = await _http.GetAsync($"/v1/models/{model}/compare?a=1");

        Assert.Equal(1, compare.A.Version.Version);
        Assert.Equal(2, compare.B.Version.Version);
        Assert.Equal(ModelVersionState.Active, compare.A.Version.State);
        Assert.NotNull(compare.A.Version.Manifest);
        Assert.NotNull(compare.B.Version.Manifest);
        Assert.Equal(
            [new MetricComparison("HR@10", 0.25, 0.5, 0.25), new MetricComparison("MRR@10", 0.125, null, null), new MetricComparison("NDCG@10", null, 0.375, null)],
            compare.Offline);
        Assert.Equal(3, compare.A.Online.Silos);
        Assert.Equal(0, compare.B.Online.Silos);
        Assert.Equal(0, compare.A.Online.ErrorRate);
        Assert.True(compare.A.Online.Requests > 0, "version 1 served a request");
        Assert.Equal(["requests", "errorRate", "meanBatchMilliseconds", "p50Ms", "p95Ms", "p99Ms", "errorRatio", "shedRatio", "precisionAtK", "recallAtK", "f1", "hitRate"], compare.Online.Select(m => m.Name));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noB.StatusCode);
    }

    [Fact]
    public async Task ConfigUpdate_IsInTheHistoryWithWhoAndWhen_AndInTheAudit()
    {
        var model = ApiCalls.NewId("cfghist");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        await _http.ActivateAsync(model, 1);
        var started = DateTimeOffset.UtcNow;

        using var put = await _http.PutAsJsonAsync($"/v1/models/{model}/versions/1/config", new ServingConfig { HistoryLength = 7 }, ApiCalls.Json);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var history = (await _http.GetFromJsonAsync<ConfigRevisionResponse[]>($"/v1/models/{model}/versions/1/config/history", ApiCalls.Json))!;
        Assert.Equal([1, 2], history.Select(h => h.Revision));
        Assert.Equal(7, history[1].Config.HistoryLength);
        Assert.Equal(LifecycleCalls.OperatorIdentity, history[1].UpdatedBy);
        Assert.InRange(history[1].UpdatedAt, started, DateTimeOffset.UtcNow);
        var config = (await _http.AuditAsync(model)).Single(a => a.Action == "config");
        Assert.Equal(1, config.Version);
        Assert.Equal("revision 2", config.Detail);
        Assert.Equal(LifecycleCalls.OperatorIdentity, config.Actor);
    }
}
