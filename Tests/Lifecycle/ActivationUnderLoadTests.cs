using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>Switching versions (activation and rollback) under continuous load fails no request and pauses none for a load.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class ActivationUnderLoadTests(LifecycleFixture fixture)
{
    private readonly HttpClient _http = fixture.Operator;

    [Fact]
    public async Task ActivateAndRollback_UnderContinuousLoad_NoRequestFailsAndEachRequestAfterASwitchGetsTheNewVersion()
    {
        var model = ApiCalls.NewId("load");
        var items = TinyModel.ItemsFor(model);
        await _http.UploadTinyAsync(model, items);
        await _http.ActivateAsync(model, 1);
        await _http.UploadTinyAsync(model, LifecycleCalls.Swapped(items));
        var users = Enumerable.Range(0, 16).Select(i => ApiCalls.NewId($"u{i}")).ToArray();
        await _http.SeedUsersAsync(users, items[0]);

        // Each answer: its HTTP status, the version that served it and the phase the request began in.
        var answers = new ConcurrentBag<(HttpStatusCode Status, int? Version, int Phase)>();
        var phase = 0;
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, 6).Select(loop => Task.Run(async () =>
        {
            for (var i = loop; !stop.IsCancellationRequested; i++)
            {
                var started = Volatile.Read(ref phase);
                using var response = await _http.GetAsync($"/v1/users/{users[i % users.Length]}/recommendations?k=2&model={model}");
                var body = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RecommendationsResponse>(ApiCalls.Json) : null;
                answers.Add((response.StatusCode, body?.Version, started));
            }
        })).ToArray();

        // Phases: 0 before the activation, 1 between activation and rollback, 2 after the rollback; -1 while a
        // switch is under way (a request begun then may be routed either side of it).
        await WaitForAnswersAsync(answers, 30);
        Volatile.Write(ref phase, -1);
        using (var activate = await _http.PostAsync($"/v1/models/{model}/versions/2/activate", null))
        {
            Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        }

        Volatile.Write(ref phase, 1);
        await WaitForAnswersAsync(answers, answers.Count + 30);
        Volatile.Write(ref phase, -1);
        using (var rollback = await _http.PostAsync($"/v1/models/{model}/rollback", null))
        {
            Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        }

        Volatile.Write(ref phase, 2);
        await WaitForAnswersAsync(answers, answers.Count + 30);
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.Contains(a.Version, new int?[] { 1, 2 }));
        Assert.All(answers.Where(a => a.Phase == 0), a => Assert.Equal(1, a.Version));
        Assert.All(answers.Where(a => a.Phase == 1), a => Assert.Equal(2, a.Version));
        Assert.All(answers.Where(a => a.Phase == 2), a => Assert.Equal(1, a.Version));
        Assert.Equal([-1, 0, 1, 2], answers.Select(a => a.Phase).Distinct().Order());
    }

    private static async Task WaitForAnswersAsync(ConcurrentBag<(HttpStatusCode, int?, int)> answers, int count) =>
        await Eventually.GetAsync(() => Task.FromResult(answers.Count), n => n >= count, TimeSpan.FromSeconds(60));
}
