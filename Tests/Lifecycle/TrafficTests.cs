using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>Traffic splits are sticky per user and every answer names its version; shadows never change answers.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class TrafficTests(LifecycleFixture fixture)
{
    private readonly HttpClient _http = fixture.Operator;

    [Fact]
    public async Task Split_EachUserIsServedByTheVersionOfItsHashAndStaysThere()
    {
        var model = ApiCalls.NewId("split");
        var items = TinyModel.ItemsFor(model);
        await _http.UploadTinyAsync(model, items);
        await _http.ActivateAsync(model, 1);
        await _http.UploadTinyAsync(model, LifecycleCalls.Swapped(items));
        var users = Enumerable.Range(0, 40).Select(i => ApiCalls.NewId($"s{i}")).ToArray();
        await _http.SeedUsersAsync(users, items[0]);

        using var put = await _http.PutTrafficAsync(model, """{"splits":{"1":50,"2":50}}""");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var traffic = await put.Content.ReadFromJsonAsync<TrafficResponse>(ApiCalls.Json);
        Assert.Equal(new Dictionary<string, int> { ["1"] = 50, ["2"] = 50 }, traffic!.Splits);
        Assert.Equal(1, traffic.Active);
        Assert.Null(traffic.Shadow);
        var policy = new TrafficPolicy { Active = 1, Splits = [new TrafficSplit(1, 50), new TrafficSplit(2, 50)] };
        var first = await Task.WhenAll(users.Select(u => _http.RecommendAsync(u, 2, model)));
        var second = await Task.WhenAll(users.Select(u => _http.RecommendAsync(u, 2, model)));
        Assert.Equal(users.Select(u => policy.Route(u)), first.Select(r => r.Version));
        Assert.Equal(first.Select(r => r.Version), second.Select(r => r.Version));
        Assert.Equal([1, 2], first.Select(r => r.Version).Distinct().Order());

        // Version 2 ranks the same history differently: each user gets its own version's list.
        Assert.All(first, r => Assert.Equal(r.Version == 1 ? [items[0], items[3]] : new[] { items[0], items[2] }, r.Items.Select(i => i.ItemId)));
    }

    [Fact]
    public async Task Activate_AfterASplit_EndsTheSplit()
    {
        var model = ApiCalls.NewId("promote");
        var items = TinyModel.ItemsFor(model);
        await _http.UploadTinyAsync(model, items);
        await _http.ActivateAsync(model, 1);
        await _http.UploadTinyAsync(model, items);
        using var put = await _http.PutTrafficAsync(model, """{"splits":{"1":90,"2":10}}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        await _http.ActivateAsync(model, 2);

        var traffic = await _http.GetFromJsonAsync<TrafficResponse>($"/v1/models/{model}/traffic", ApiCalls.Json);
        Assert.Equal(2, traffic!.Active);
        Assert.Empty(traffic.Splits);
        var audit = await _http.AuditAsync(model);
        Assert.Equal("v1 90%, v2 10%; no shadow", audit.Single(a => a.Action == "traffic").Detail);
    }

    [Fact]
    public async Task Split_WhenInvalid_IsRefusedNamingEveryProblem()
    {
        var model = ApiCalls.NewId("badsplit");
        var items = TinyModel.ItemsFor(model);
        await _http.UploadTinyAsync(model, items);
        await _http.ActivateAsync(model, 1);

        using var sum = await _http.PutTrafficAsync(model, """{"splits":{"1":50,"2":40,"3":-10}}""");
        using var unknown = await _http.PutTrafficAsync(model, """{"splits":{"1":50,"9":50}}""");
        using var shape = await _http.PutTrafficAsync(model, """{"splits":{"x":100},"shadow":"five"}""");
        using var noModel = await _http.PutTrafficAsync(ApiCalls.NewId("nomodel"), "{}");

        Assert.Equal(HttpStatusCode.BadRequest, sum.StatusCode);
        Assert.Equal(
            "invalid traffic: split percentages sum to 80, not 100; v3 has -10%, outside 0..100",
            (await sum.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json))!.Detail);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noModel.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, shape.StatusCode);
        var problem = await shape.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.Equal(["'x' is not a version number"], problem!.Errors["splits"]);
        Assert.Equal(["must be a version number, e.g. \"5\""], problem.Errors["shadow"]);
        var traffic = await _http.GetFromJsonAsync<TrafficResponse>($"/v1/models/{model}/traffic", ApiCalls.Json);
        Assert.Empty(traffic!.Splits);
    }

    [Fact]
    public async Task Shadow_NeverChangesAnswers_ButScoresACopyOfTheTraffic()
    {
        var model = ApiCalls.NewId("shadow");
        var items = TinyModel.ItemsFor(model);
        await _http.UploadTinyAsync(model, items);
        await _http.ActivateAsync(model, 1);
        await _http.UploadTinyAsync(model, LifecycleCalls.Swapped(items));
        var users = Enumerable.Range(0, 5).Select(i => ApiCalls.NewId($"sh{i}")).ToArray();
        await _http.SeedUsersAsync(users, items[0]);
        var before = await Task.WhenAll(users.Select(u => _http.RecommendAsync(u, 3, model)));

        using var put = await _http.PutTrafficAsync(model, """{"shadow":"2"}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("2", (await put.Content.ReadFromJsonAsync<TrafficResponse>(ApiCalls.Json))!.Shadow);
        var scoredBefore = await ShadowRequestsAsync(model);
        var after = await Task.WhenAll(users.Select(u => _http.RecommendAsync(u, 3, model)));

        Assert.All(after, r => Assert.Equal(1, r.Version));
        Assert.Equal(
            before.Select(r => string.Join(",", r.Items.Select(i => $"{i.ItemId}:{i.Score}"))),
            after.Select(r => string.Join(",", r.Items.Select(i => $"{i.ItemId}:{i.Score}"))));
        var scored = await Eventually.GetAsync(() => ShadowRequestsAsync(model), n => n >= scoredBefore + users.Length);
        Assert.Equal(scoredBefore + users.Length, scored);
    }

    private async Task<long> ShadowRequestsAsync(string model) =>
        (await _http.GetFromJsonAsync<CompareResponse>($"/v1/models/{model}/compare?a=1&b=2", ApiCalls.Json))!.B.Online.Requests;
}
