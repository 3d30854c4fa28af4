using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>
/// The Cluster profile surviving faults, against the real processes <c>infra/local-cluster.sh</c> starts
/// (<see cref="FaultClusterFixture"/>): a silo killed with SIGKILL under load, a storage outage, a restart of every silo. Each scenario uses its own users and models
/// and leaves three live silos behind.
/// </summary>
[Collection(FaultClusterCollection.Name)]
public sealed class FaultTests(FaultClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [AzuriteFact]
    public async Task SiloKilledUnderLoad_LosesNoEventCountsNoneTwice_RecoversWithin30s_AndANewSiloTakesItsShare()
    {
        await fixture.WaitForSilosAsync(FaultClusterFixture.Silos);
        var users = NewUsers("kill", 24);
        var produced = users.ToDictionary(u => u, _ => new List<string>());
        // Every profile active somewhere before the kill: some of them on the victim.
        await ProduceAsync(produced, users);
        await WaitForCountsAsync(produced);

        using var http = fixture.NewHttpClient();
        double killedAt, recoveredAt, stoppedAt;
        IReadOnlyList<LoadOutcome> outcomes;
        SiloProcess victim;
        await using (var load = new LoadGenerator(http, users, FaultClusterFixture.Model))
        {
            using var stopIngest = new CancellationTokenSource();
            var ingest = IngestAsync(produced, stopIngest.Token);
            await Eventually.GetAsync(() => Task.FromResult(load.Succeeded), n => n >= 40);

            victim = await BusiestSiloAsync();
            killedAt = load.Now;
            victim.Kill();

            // Recovered: one sweep, started after the kill, in which every user's recommendations answered 200.
            var recovered = await Eventually.GetAsync(() => SweepAsync(http, users), ok => ok, Settle);
            Assert.True(recovered, $"requests still fail {Settle.TotalSeconds} s after the kill:\n{fixture.Outputs()}");
            recoveredAt = load.Now;

            // The load goes on for a while on the surviving silos.
            var after = load.Succeeded;
            await Eventually.GetAsync(() => Task.FromResult(load.Succeeded), n => n >= after + 40);
            await stopIngest.CancelAsync();
            await ingest;
            stoppedAt = load.Now;
            outcomes = load.Outcomes;
        }

        var window = outcomes.Where(o => o.Started >= killedAt).ToList();
        var failed = window.Count(o => o.Status != HttpStatusCode.OK);
        var errorRate = (double)failed / window.Count;
        var slowest = window.Max(o => o.Ended - o.Started);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kill -9 {victim.Name}: {window.Count} requests in {stoppedAt - killedAt:F1} s after the kill, {failed} failed ({errorRate:P2}), slowest {slowest:F2} s; recovered (every user answered) {recoveredAt - killedAt:F1} s after the kill; {produced.Values.Sum(p => p.Count)} events produced"));
        Assert.True(errorRate < 0.01, $"{failed} of {window.Count} requests failed during the fail-over: {string.Join(", ", window.Where(o => o.Status != HttpStatusCode.OK).Select(o => o.Status?.ToString() ?? "no answer"))}");
        Assert.True(recoveredAt - killedAt <= 30, $"recovery took {recoveredAt - killedAt:F1} s");

        // Exactly once: every produced event counted once, in order, in every profile.
        await AssertProfilesAsync(produced);
        var end = fixture.KafkaClient.EndTotal(FaultClusterFixture.Topic);
        var committed = await Eventually.GetAsync(() => Task.FromResult(fixture.KafkaClient.CommittedTotal(FaultClusterFixture.Topic, FaultClusterFixture.Group)), c => c >= end, Settle);
        Assert.Equal(end, committed);

        // A new silo joins: it takes Kafka partitions from the survivors and new grains.
        var joined = await fixture.AddSiloAsync();
        await fixture.WaitForSilosAsync(FaultClusterFixture.Silos);
        var partitions = await Eventually.GetAsync(fixture.PartitionsPerSiloAsync, p => p.Length == FaultClusterFixture.Silos && p.All(n => n > 0) && p.Sum() == FaultClusterFixture.Partitions, Settle);
        Assert.Equal(FaultClusterFixture.Silos, partitions.Length);
        Assert.All(partitions, n => Assert.True(n > 0, $"partitions per silo: {string.Join(",", partitions)}"));
        Assert.Equal(FaultClusterFixture.Partitions, partitions.Sum());
        // The silo logs each partition it takes (the console logger writes in the background, so wait for the line).
        var joinedLog = await Eventually.GetAsync(() => Task.FromResult(joined.Output), o => o.Contains($"Partition {FaultClusterFixture.Topic}/", StringComparison.Ordinal), Settle);
        Assert.Contains($"Partition {FaultClusterFixture.Topic}/", joinedLog, StringComparison.Ordinal);

        // New users' profiles are placed on the new silo too, once the other silos' placement counts it in (its load
        // statistics have to reach them first): rounds of 24 new users until some land there, within the settle time.
        var rounds = 0;
        var activations = 0;
        var placing = Stopwatch.StartNew();
        while (activations == 0 && placing.Elapsed < Settle)
        {
            rounds++;
            var newcomers = NewUsers("join", 24);
            var more = newcomers.ToDictionary(u => u, _ => new List<string>());
            await ProduceAsync(more, newcomers);
            await ProduceAsync(more, newcomers);
            await AssertProfilesAsync(more);
            activations = await fixture.ProfileActivationsOnAsync(joined);
        }

        output.WriteLine($"{joined.Name} joined: partitions per silo {string.Join(",", partitions)}; {activations} of {rounds * 24} new profiles ({rounds} rounds) activated on it");
        Assert.True(activations > 0, $"no profile of {rounds * 24} new users activated on {joined.Name} within {Settle.TotalSeconds} s");
    }

    [AzuriteFact]
    public async Task StorageOutage_Answers503s_LosesNoAcceptedEvent_AndResumesByItself()
    {
        await fixture.WaitForSilosAsync(FaultClusterFixture.Silos);
        using var http = fixture.NewHttpClient();
        var users = NewUsers("outage", 8);
        var expected = users.ToDictionary(u => u, _ => new List<string>());
        await PostEventsAsync(http, expected, users, 3);
        await WaitForCountsAsync(expected);
        var before = await Eventually.GetAsync(
            () => Task.FromResult((End: fixture.KafkaClient.EndTotal(FaultClusterFixture.Topic), Committed: fixture.KafkaClient.CommittedTotal(FaultClusterFixture.Topic, FaultClusterFixture.Group))),
            t => t.Committed >= t.End,
            Settle);
        Assert.Equal(before.End, before.Committed);

        await fixture.StopAzuriteAsync();
        var fresh = ApiCalls.NewId("outage-fresh");
        try
        {
            var outage = Stopwatch.StartNew();

            // A profile that is not active must be read from storage: a clear 503, soon.
            var asked = Stopwatch.StartNew();
            using (var response = await http.GetAsync($"/v1/users/{fresh}/recommendations?k=2&model={FaultClusterFixture.Model}"))
            {
                var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"during the outage: {(int)response.StatusCode} '{problem?.Title}' after {asked.Elapsed.TotalSeconds:F2} s"));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("Storage unavailable", problem?.Title);
                Assert.Equal("1", response.Headers.RetryAfter?.ToString());
            }

            Assert.True(asked.Elapsed < TimeSpan.FromSeconds(10), $"the 503 took {asked.Elapsed.TotalSeconds:F1} s");

            // Events are still accepted (they go to Kafka) ...
            expected[fresh] = [];
            await PostEventsAsync(http, expected, [.. users, fresh], 2);

            // ... and none is committed while the profiles cannot persist them. The outage lasts 10 s (the scenario's
            // length, not a wait for an effect).
            var rest = TimeSpan.FromSeconds(10) - outage.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }

            Assert.True(fixture.KafkaClient.EndTotal(FaultClusterFixture.Topic) > before.End);
            Assert.Equal(before.Committed, fixture.KafkaClient.CommittedTotal(FaultClusterFixture.Topic, FaultClusterFixture.Group));
        }
        finally
        {
            // Even when an assertion above failed: the collection's other tests need storage.
            await fixture.StartAzuriteAsync();
        }

        var resumed = Stopwatch.StartNew();
        await AssertProfilesAsync(expected);
        var end = fixture.KafkaClient.EndTotal(FaultClusterFixture.Topic);
        Assert.Equal(end, await Eventually.GetAsync(() => Task.FromResult(fixture.KafkaClient.CommittedTotal(FaultClusterFixture.Topic, FaultClusterFixture.Group)), c => c >= end, Settle));
        var recs = await http.RecommendAsync(ApiCalls.NewId("outage-after"), 2, FaultClusterFixture.Model);
        Assert.Equal(FaultClusterFixture.Model, recs.Model);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after Azurite came back: every accepted event in the profiles and committed within {resumed.Elapsed.TotalSeconds:F1} s"));
    }

    [AzuriteFact]
    public async Task FullClusterRestart_GatewayReconnectsByItself_AndVersionsSplitsProfilesAreKept()
    {
        await fixture.WaitForSilosAsync(FaultClusterFixture.Silos);
        using var http = fixture.NewHttpClient();
        var model = ApiCalls.NewId("restart");
        var items = TinyModel.ItemsFor("rs");
        var v1 = await http.UploadTinyAsync(model, items);
        await http.ActivateAsync(model, v1);
        var v2 = await http.UploadTinyAsync(model, LifecycleCalls.Swapped(items));
        using (var put = await http.PutTrafficAsync(model, "{\"splits\":{\"" + v1 + "\":70,\"" + v2 + "\":30}}"))
        {
            put.EnsureSuccessStatusCode();
        }

        var users = NewUsers("restart", 6);
        await http.PostEventsAsync([.. users.SelectMany(u => new[] { ApiCalls.View(u, items[0]), ApiCalls.Event(u, items[3], "purchase", null, "c7") })]);
        var profilesBefore = new List<ProfileResponse>();
        var recsBefore = new List<RecommendationsResponse>();
        foreach (var user in users)
        {
            profilesBefore.Add(await http.ProfileWithEventsAsync(user, 2));
            recsBefore.Add(await http.RecommendAsync(user, 2, model));
        }

        var trafficBefore = await http.GetFromJsonAsync<TrafficResponse>($"/v1/models/{model}/traffic", ApiCalls.Json);
        using (var rule = await http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new { id = "canary-errors", metric = "errorRatio", comparison = ">", threshold = 0.2, windowSeconds = 120, severity = "critical", version = v2, autoRollback = true }))
        {
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        }

        using (var deleted = await http.DeleteAsync($"/v1/models/{model}/alerts/rules/shed-ratio"))
        {
            deleted.EnsureSuccessStatusCode();
        }

        var rulesBefore = await http.GetStringAsync($"/v1/models/{model}/alerts/rules");

        var restart = Stopwatch.StartNew();
        await fixture.RestartAllSilosAsync();
        var silosUp = restart.Elapsed;

        // The gateway process was left running: it finds the new silos by itself.
        var status = await Eventually.GetAsync(() => fixture.StatusOfAsync($"/v1/users/{users[0]}/profile"), s => s == HttpStatusCode.OK, Settle);
        Assert.True(status == HttpStatusCode.OK, $"the gateway did not reconnect ({status}):\n{fixture.Outputs()}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full restart: silos active again after {silosUp.TotalSeconds:F1} s, the gateway answering after {restart.Elapsed.TotalSeconds:F1} s"));

        var trafficAfter = await http.GetFromJsonAsync<TrafficResponse>($"/v1/models/{model}/traffic", ApiCalls.Json);
        Assert.Equal(v1, trafficAfter!.Active);
        Assert.Equal(trafficBefore!.Splits.OrderBy(s => s.Key), trafficAfter.Splits.OrderBy(s => s.Key));
        Assert.Equal(new Dictionary<string, int> { [$"{v1}"] = 70, [$"{v2}"] = 30 }.OrderBy(s => s.Key), trafficAfter.Splits.OrderBy(s => s.Key));
        for (var i = 0; i < users.Length; i++)
        {
            var profile = await http.ProfileAsync(users[i]);
            var recs = await http.RecommendAsync(users[i], 2, model);
            Assert.Equal(profilesBefore[i].LastEventAt, profile.LastEventAt);
            Assert.Equal(profilesBefore[i].TopCategories, profile.TopCategories);
            Assert.Equal(["c7"], profile.TopCategories);
            Assert.Equal(2, profile.EventCount);
            Assert.Equal([items[0]], profile.RecentViews);
            Assert.Equal([items[3]], profile.Purchases);
            Assert.Equal(recsBefore[i].Version, recs.Version);
            Assert.Equal(recsBefore[i].Items.Select(r => r.ItemId), recs.Items.Select(r => r.ItemId));
        }

        // Alert rules (the model's own and the deleted built-in) are kept in the alert manager's grain state.
        var rulesAfter = await http.GetStringAsync($"/v1/models/{model}/alerts/rules");
        Assert.Equal(rulesBefore, rulesAfter);
        Assert.Contains("\"id\":\"canary-errors\"", rulesAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("\"id\":\"shed-ratio\"", rulesAfter, StringComparison.Ordinal);
    }

    private static string[] NewUsers(string prefix, int count) => Enumerable.Range(0, count).Select(_ => ApiCalls.NewId(prefix)).ToArray();

    /// <summary>One view per user straight to Kafka, keyed by user as a shop's producer would; remembered in <paramref name="produced"/>.</summary>
    private async Task ProduceAsync(Dictionary<string, List<string>> produced, IEnumerable<string> users)
    {
        var sends = new List<Task>();
        foreach (var user in users)
        {
            var list = produced[user];
            var item = fixture.Items[list.Count % fixture.Items.Length];
            sends.Add(fixture.KafkaClient.ProduceAsync(FaultClusterFixture.Topic, user, KafkaTestClient.EventJson(user, item, $"{user}-{list.Count}")));
            list.Add(item);
        }

        await Task.WhenAll(sends);
    }

    /// <summary>Ingest load: one event for each of four users every 50 ms, round the users, until stopped.</summary>
    private async Task IngestAsync(Dictionary<string, List<string>> produced, CancellationToken stop)
    {
        var users = produced.Keys.ToArray();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var next = 0;
        try
        {
            while (await tick.WaitForNextTickAsync(stop))
            {
                await ProduceAsync(produced, Enumerable.Range(next, 4).Select(i => users[i % users.Length]));
                next += 4;
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private async Task PostEventsAsync(HttpClient http, Dictionary<string, List<string>> expected, IEnumerable<string> users, int each)
    {
        var events = new List<object>();
        foreach (var user in users)
        {
            for (var i = 0; i < each; i++)
            {
                var list = expected[user];
                var item = fixture.Items[list.Count % fixture.Items.Length];
                events.Add(ApiCalls.View(user, item, $"{user}-{list.Count}"));
                list.Add(item);
            }
        }

        await http.PostEventsAsync([.. events]);
    }

    private async Task WaitForCountsAsync(Dictionary<string, List<string>> expected)
    {
        using var http = fixture.NewHttpClient();
        var counts = await Eventually.GetAsync(() => CountsAsync(http, expected.Keys), c => expected.All(e => c[e.Key] >= e.Value.Count), Settle);
        Assert.All(expected, e => Assert.Equal(e.Value.Count, counts[e.Key]));
    }

    /// <summary>
    /// Every profile has exactly the events produced for it: the count, and the same views (as a multiset). Their
    /// order in the recent list is the order of delivery: events a dead silo had delivered but not checkpointed are
    /// delivered again after the rewind, possibly behind newer ones (counted once either way).
    /// </summary>
    private async Task AssertProfilesAsync(Dictionary<string, List<string>> expected)
    {
        await WaitForCountsAsync(expected);
        using var http = fixture.NewHttpClient();
        foreach (var (user, items) in expected)
        {
            var profile = await http.ProfileAsync(user);
            Assert.Equal(items.Count, profile.EventCount);
            Assert.Equal(items.Order(StringComparer.Ordinal), profile.RecentViews.Order(StringComparer.Ordinal));
        }
    }

    private static async Task<Dictionary<string, long>> CountsAsync(HttpClient http, IEnumerable<string> users)
    {
        var counts = await Task.WhenAll(users.Select(async u =>
        {
            try
            {
                using var response = await http.GetAsync($"/v1/users/{u}/profile");
                return (u, response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<ProfileResponse>(ApiCalls.Json))!.EventCount : -1L);
            }
            catch (HttpRequestException)
            {
                return (u, -1L);
            }
        }));
        return counts.ToDictionary(c => c.u, c => c.Item2);
    }

    /// <summary>Whether every user's recommendations answered 200 in one round of parallel requests.</summary>
    private static async Task<bool> SweepAsync(HttpClient http, string[] users)
    {
        var statuses = await Task.WhenAll(users.Select(async u =>
        {
            try
            {
                using var response = await http.GetAsync($"/v1/users/{u}/recommendations?k=2&model={FaultClusterFixture.Model}");
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return HttpStatusCode.BadGateway;
            }
        }));
        return statuses.All(s => s == HttpStatusCode.OK);
    }

    /// <summary>The live silo holding the most user profiles: killing it hurts most.</summary>
    private async Task<SiloProcess> BusiestSiloAsync()
    {
        var best = fixture.LiveSilos[0];
        var most = -1;
        foreach (var silo in fixture.LiveSilos)
        {
            var count = await fixture.ProfileActivationsOnAsync(silo);
            if (count > most)
            {
                (best, most) = (silo, count);
            }
        }

        return best;
    }
}
