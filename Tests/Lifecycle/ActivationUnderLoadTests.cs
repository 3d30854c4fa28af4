using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>
/// The operator's story under continuous load: upload v2, send it 10% of users, compare, promote, roll back — no
/// request fails at any switch, and every request begun after a switch is served as the new policy says.
/// </summary>
[Collection(LifecycleCollection.Name)]
public sealed class ActivationUnderLoadTests(LifecycleFixture fixture)
{
    private const int Before = 0, Split = 1, Promoted = 2, RolledBack = 3, Switching = -1;

    private readonly HttpClient _http = fixture.Operator;

    [Fact]
    public async Task SplitPromoteAndRollback_UnderContinuousLoad_NoRequestFailsAndEachIsServedAsThePolicySays()
    {
        var model = ApiCalls.NewId("load");
        var items = TinyModel.ItemsFor(model);
        await _http.UploadTinyAsync(model, items);
        await _http.ActivateAsync(model, 1);
        await _http.UploadTinyAsync(model, LifecycleCalls.Swapped(items));
        var users = Enumerable.Range(0, 16).Select(i => ApiCalls.NewId($"u{i}")).ToArray();
        await _http.SeedUsersAsync(users, items[0]);
        var split = new TrafficPolicy { Active = 1, Splits = [new TrafficSplit(1, 90), new TrafficSplit(2, 10)] };

        // Each answer: the user, its HTTP status, the version that served it and the phase it ran in (Switching when
        // a change was under way at any time during it: such a request may be routed either side of the change).
        var answers = new ConcurrentBag<(string User, HttpStatusCode Status, int? Version, int Phase)>();
        var phase = Before;
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, 6).Select(loop => Task.Run(async () =>
        {
            for (var i = loop; !stop.IsCancellationRequested; i++)
            {
                var user = users[i % users.Length];
                var started = Volatile.Read(ref phase);
                using var response = await _http.GetAsync($"/v1/users/{user}/recommendations?k=2&model={model}");
                var body = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RecommendationsResponse>(ApiCalls.Json) : null;
                // A request counts for a phase only when that phase held from before it was sent until after it was answered.
                answers.Add((user, response.StatusCode, body?.Version, Volatile.Read(ref phase) == started ? started : Switching));
            }
        })).ToArray();

        async Task SwitchAsync(int next, Func<Task<HttpResponseMessage>> change)
        {
            await Eventually.GetAsync(() => Task.FromResult(answers.Count(a => a.Phase == Volatile.Read(ref phase))), n => n >= 30, TimeSpan.FromSeconds(60));
            Volatile.Write(ref phase, Switching);
            using var response = await change();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Volatile.Write(ref phase, next);
        }

        await SwitchAsync(Split, () => _http.PutTrafficAsync(model, """{"splits":{"1":90,"2":10}}"""));
        var compare = await _http.GetFromJsonAsync<CompareResponse>($"/v1/models/{model}/compare?a=1&b=2", ApiCalls.Json);
        await SwitchAsync(Promoted, () => _http.PostAsync($"/v1/models/{model}/versions/2/activate", null));
        await SwitchAsync(RolledBack, () => _http.PostAsync($"/v1/models/{model}/rollback", null));
        await Eventually.GetAsync(() => Task.FromResult(answers.Count(a => a.Phase == RolledBack)), n => n >= 30, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.Contains(a.Version, new int?[] { 1, 2 }));
        Assert.All(answers.Where(a => a.Phase == Before), a => Assert.Equal(1, a.Version));
        Assert.All(answers.Where(a => a.Phase == Split), a => Assert.Equal(split.Route(a.User), a.Version));
        Assert.All(answers.Where(a => a.Phase == Promoted), a => Assert.Equal(2, a.Version));
        Assert.All(answers.Where(a => a.Phase == RolledBack), a => Assert.Equal(1, a.Version));
        Assert.Equal([Switching, Before, Split, Promoted, RolledBack], answers.Select(a => a.Phase).Distinct().Order());
        Assert.Equal(3, compare!.B.Online.Silos);
        Assert.Equal(
            ["upload", "activate", "upload", "traffic", "activate", "rollback"],
            (await _http.AuditAsync(model)).Select(a => a.Action));
    }
}
