using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Data;
using Xunit.Abstractions;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>
/// Issue 20's sequence on the processes <c>infra/local-cluster.sh</c> starts: a model trained on real Taobao events,
/// 40 real users' events through the gateway, a silo killed with SIGKILL and another added, then the whole cluster
/// stopped (Ctrl-C) and started again on the same data folder. The first recommendation after readiness comes from the
/// active version and equals the list served before the restart (the model is deterministic), for every user.
/// </summary>
[Collection(FaultClusterCollection.Name)]
public sealed class FullStopStartTests(FaultClusterFixture fixture, ITestOutputHelper output)
{
    private const string Behavior = "taobao_userbehavior_atguigu_slice/UserBehavior.csv";
    private const int Users = 40;
    private const int K = 5;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [AzuriteFact(NeedsSharedData = true)]
    public async Task FullStopAndStart_AfterASiloKilledAndOneAdded_FirstListsComeFromTheActiveVersionAsBefore()
    {
        await fixture.WaitForSilosAsync(FaultClusterFixture.Silos);
        using var work = new TempDirectory("rec-full-restart");
        var source = SharedData.PathOf(Behavior);
        var modelDir = Path.Combine(work.Path, "model");
        await ChildProcess.RunAsync("dotnet", [Repository.RecTool, "train", "--events", source, "--format", "taobao", "--dims", "32", "--no-holdout", "--out", modelDir], TimeSpan.FromMinutes(3));
        var config = JsonSerializer.Deserialize<ModelConfig>(await File.ReadAllTextAsync(Path.Combine(modelDir, "config.json")), ApiCalls.Json)!;
        var (events, expected) = WriteUsersEvents(source, config, Path.Combine(work.Path, "UserBehavior.csv"));

        var model = ApiCalls.NewId("taobao");
        int version;
        using (var upload = await fixture.Http.UploadAsync(model, await File.ReadAllBytesAsync(Path.Combine(modelDir, "model.onnx")), config))
        {
            Assert.True(upload.StatusCode == HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
            version = (await upload.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json))!.Version;
        }

        await fixture.Http.ActivateAsync(model, version);
        await ChildProcess.RunAsync("dotnet", [Repository.RecTool, "replay", "--api", fixture.GatewayUrl, "--api-key", GatewayFactory.ShopKey, "--events", events, "--format", "taobao"], TimeSpan.FromMinutes(2));
        await AssertEventCountsAsync(expected);

        var before = new Dictionary<string, string[]>();
        foreach (var user in expected.Keys)
        {
            var recs = await fixture.Http.RecommendAsync(user, K, model);
            Assert.False(recs.Fallback, $"user {user} was served the fallback ({recs.FallbackReason}) before any fault");
            Assert.Equal(version, recs.Version);
            before[user] = recs.Items.Select(i => i.ItemId).ToArray();
        }

        // A silo dies without a word and another joins; the events the dead one had not checkpointed come again from Kafka.
        var victim = fixture.LiveSilos[0];
        victim.Kill();
        Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(10)), $"{victim.Name} did not die on SIGKILL");
        await fixture.AddSiloAsync();
        await fixture.WaitForSilosAsync(FaultClusterFixture.Silos);
        await AssertEventCountsAsync(expected);
        var end = fixture.KafkaClient.EndTotal(FaultClusterFixture.Topic);
        Assert.Equal(end, await Eventually.GetAsync(() => Task.FromResult(fixture.KafkaClient.CommittedTotal(FaultClusterFixture.Topic, FaultClusterFixture.Group)), c => c >= end, Settle));

        // Ctrl-C on the whole cluster, and start it again on the same data folder.
        var restart = System.Diagnostics.Stopwatch.StartNew();
        await fixture.StopAndStartWholeClusterAsync();
        var ready = await Eventually.GetAsync(() => fixture.StatusOfAsync("/health/ready"), s => s == HttpStatusCode.OK, Settle);
        Assert.True(ready == HttpStatusCode.OK, $"the gateway did not become ready after the restart ({ready}):\n{fixture.Outputs()}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"whole cluster stopped and started, ready after {restart.Elapsed.TotalSeconds:F1} s"));

        // The first request per user, no retries: the active version, the same history, the same list.
        foreach (var (user, items) in before)
        {
            var recs = await fixture.Http.RecommendAsync(user, K, model);
            Assert.False(recs.Fallback, $"user {user} was served the fallback ({recs.FallbackReason}) after the restart");
            Assert.Equal(version, recs.Version);
            Assert.Equal(items, recs.Items.Select(i => i.ItemId));
        }

        foreach (var (user, count) in expected)
        {
            Assert.Equal(count, (await fixture.Http.ProfileAsync(user)).EventCount);
        }
    }

    /// <summary>
    /// The events of <see cref="Users"/> real users (those with the most distinct events among users whose items the model
    /// knows, ties by id) as a Taobao CSV; and how many distinct events each user has.
    /// </summary>
    private static (string Path, Dictionary<string, long> Counts) WriteUsersEvents(string source, ModelConfig config, string path)
    {
        var known = config.ItemIds.ToHashSet(StringComparer.Ordinal);
        var byUser = EventLog.Open(source, EventFormat.Taobao).Read()
            .GroupBy(e => e.UserId, StringComparer.Ordinal)
            .Where(g => g.All(e => known.Contains(e.ItemId)))
            .Select(g => (User: g.Key, Distinct: g.Select(e => e.EventId).Distinct(StringComparer.Ordinal).LongCount()))
            .OrderByDescending(u => u.Distinct)
            .ThenBy(u => u.User, StringComparer.Ordinal)
            .Take(Users)
            .ToDictionary(u => u.User, u => u.Distinct, StringComparer.Ordinal);
        Assert.Equal(Users, byUser.Count);
        File.WriteAllLines(path, File.ReadLines(source).Where(line => byUser.ContainsKey(line[..line.IndexOf(',', StringComparison.Ordinal)])));
        return (path, byUser);
    }

    private async Task AssertEventCountsAsync(Dictionary<string, long> expected)
    {
        foreach (var (user, count) in expected)
        {
            var profile = await Eventually.GetAsync(() => fixture.Http.ProfileAsync(user), p => p.EventCount >= count, Settle);
            Assert.Equal(count, profile.EventCount);
        }
    }
}
