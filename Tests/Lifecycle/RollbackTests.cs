using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>Rollback walks the activation history back, skipping versions that can no longer serve.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class RollbackTests(LifecycleFixture fixture)
{
    private readonly HttpClient _http = fixture.Operator;

    [Fact]
    public async Task Rollback_Repeated_WalksBackThroughEveryActivationThenRefuses()
    {
        var model = ApiCalls.NewId("rb");
        var items = TinyModel.ItemsFor(model);
        for (var v = 1; v <= 3; v++)
        {
            await _http.UploadTinyAsync(model, items);
            await _http.ActivateAsync(model, v);
        }

        var user = ApiCalls.NewId("user");
        await _http.SeedUsersAsync([user], items[0]);

        var served = new List<int?>();
        for (var i = 0; i < 2; i++)
        {
            using var rollback = await _http.PostAsync($"/v1/models/{model}/rollback", null);
            Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
            var active = await rollback.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json);
            Assert.Equal(ModelVersionState.Active, active!.State);
            served.Add((await _http.RecommendAsync(user, 2, model)).Version);
        }

        using var none = await _http.PostAsync($"/v1/models/{model}/rollback", null);

        Assert.Equal([2, 1], served);
        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        var versions = (await _http.GetFromJsonAsync<ModelVersionsResponse>($"/v1/models/{model}/versions", ApiCalls.Json))!;
        Assert.Equal(1, versions.ActiveVersion);
        Assert.Equal(
            [ModelVersionState.Active, ModelVersionState.Staged, ModelVersionState.Staged],
            versions.Versions.Select(v => v.State));
        var audit = await _http.AuditAsync(model);
        Assert.Equal(
            ["upload", "activate", "upload", "activate", "upload", "activate", "rollback", "rollback"],
            audit.Select(a => a.Action));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], audit.Select(a => a.Sequence));
        Assert.All(audit, a => Assert.Equal(LifecycleCalls.OperatorIdentity, a.Actor));
        Assert.Equal([2, 1], audit.Where(a => a.Action == "rollback").Select(a => a.Version));
        Assert.Equal(["from v3", "from v2"], audit.Where(a => a.Action == "rollback").Select(a => a.Detail));
    }

    [Fact]
    public async Task Rollback_WhenThePreviousVersionWasRetired_GoesFurtherBack()
    {
        var model = ApiCalls.NewId("rbret");
        var items = TinyModel.ItemsFor(model);
        for (var v = 1; v <= 3; v++)
        {
            await _http.UploadTinyAsync(model, items);
            await _http.ActivateAsync(model, v);
        }

        using var retire = await _http.DeleteAsync($"/v1/models/{model}/versions/2");
        using var rollback = await _http.PostAsync($"/v1/models/{model}/rollback", null);

        Assert.Equal(HttpStatusCode.OK, retire.StatusCode);
        Assert.Equal(ModelVersionState.Retired, (await retire.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json))!.State);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(1, (await rollback.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json))!.Version);
    }
}
