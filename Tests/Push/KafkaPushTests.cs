using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Tests.Push;

/// <summary>
/// Push mode end to end on the mock Kafka cluster: real DIGINETICA views produced by a plain Kafka producer in bursts,
/// lists read from the recommendations topic by a plain consumer.
/// </summary>
public sealed class KafkaPushTests(KafkaMockFixture kafka) : IClassFixture<KafkaMockFixture>
{
    private const int K = 10;

    [SharedDataFact(Executable = "/usr/bin/kcat")]
    public async Task RealEventsInBursts_EveryUserGetsOneListPerBurst_EqualToTheRestAnswer()
    {
        const int users = 40;
        var sample = DigineticaSample.Load();
        var sessions = sample.Users(users, minViews: 4);
        Assert.Equal(users, sessions.Length);
        // What a silo's /metrics serves (Silo/SiloTelemetry: the Orleans.Rec meter through the Prometheus exporter); the
        // test cluster's silos run in this process without their own HTTP endpoint.
        await using var scrape = await SiloMetricsScrape.StartAsync();
        await using var push = await PushCluster.StartAsync(kafka);
        var model = ApiCalls.NewId("push");
        var run = ApiCalls.NewId("dg");
        var userIds = sessions.ToDictionary(s => $"{run}-{s[0].UserId}", s => s);
        var ids = userIds.Keys.ToHashSet();
        var version = await push.DeployPushingAsync(model, sample.Artifact(), sample.Config(), new PushConfig { Enabled = true, K = K, Debounce = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) });

        // Two bursts per user: the first half of the session's views, then the rest.
        var bursts = new[] { Half(userIds, first: true), Half(userIds, first: false) };
        for (var burst = 0; burst < bursts.Length; burst++)
        {
            await push.ProduceWithKcatAsync(bursts[burst].Select(e => (e.User, DigineticaSample.EventJson(e.Event, e.User, run))));

            var lists = push.Lists(ids, sequence: burst + 1);
            Assert.Equal(ids.Order(), lists.Keys.Order());
            foreach (var (user, list) in lists)
            {
                Assert.Equal(model, list.Model);
                Assert.Equal(version, list.Version);
                Assert.Equal(bursts[burst].Count(e => e.User == user), list.Events);
                Assert.Equal($"{run}-{bursts[burst].Last(e => e.User == user).Event.EventId}", list.Trigger.EventId);
                Assert.StartsWith(push.EventsTopic + "/", list.Trigger.Offset, StringComparison.Ordinal);
                Assert.NotNull(list.Trigger.ProducedAt);
                await push.AssertEqualsRestAsync(list, model, K);
            }
        }

        // Exactly one per burst: once every event is committed, every list they owe is out; the topic holds no more.
        await push.CommittedEverythingAsync();
        var all = push.AllLists(ids);
        Assert.Equal(2 * users, all.Count);
        Assert.All(all.GroupBy(l => l.UserId), g => Assert.Equal([1L, 2L], g.Select(l => l.Sequence).Order()));

        var events = bursts.Sum(b => b.Count);
        var status = await push.StatusAsync();
        Assert.Equal([model], status.Models);
        Assert.Equal(2 * users, status.Published);
        Assert.Equal(events - 2 * users, status.Debounced);
        Assert.Equal(0, status.Failed);
        Assert.Equal(0, status.Pending);
        Assert.NotNull(status.LatencyP50Ms);
        Assert.NotNull(status.LatencyP99Ms);

        var metrics = await scrape.ReadAsync();
        Assert.Contains("# TYPE rec_push_published_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains($"rec_push_published_total{{otel_scope_name=\"Orleans.Rec\",model=\"{model}\"}} {2 * users}", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE rec_push_debounced_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE rec_push_latency_milliseconds histogram", metrics, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task SiloKilledWhileBurstsWait_EachBurstStillYieldsExactlyOneList()
    {
        const int users = 16;
        var sample = DigineticaSample.Load();
        var sessions = sample.Users(users, minViews: 4);
        await using var push = await PushCluster.StartAsync(kafka);
        var model = ApiCalls.NewId("pushk");
        var run = ApiCalls.NewId("dk");
        var userIds = sessions.ToDictionary(s => $"{run}-{s[0].UserId}", s => s);
        var ids = userIds.Keys.ToHashSet();
        // A debounce long enough that the kill usually lands while the bursts wait for their lists; on a loaded machine
        // some lists leave first, and then their profiles, restored on the survivor, publish them again with the same
        // sequence (and the same list) before the second burst's events can join them.
        await push.DeployPushingAsync(model, sample.Artifact(), sample.Config(), new PushConfig { Enabled = true, K = K, Debounce = TimeSpan.FromSeconds(3), MaxDelay = TimeSpan.FromSeconds(30) });

        var first = Half(userIds, first: true);
        await push.ProduceAsync(first.Select(e => (e.User, DigineticaSample.EventJson(e.Event, e.User, run))));
        foreach (var user in ids)
        {
            var expected = first.Count(e => e.User == user);
            await Eventually.GetAsync(() => push.Cluster.Client.GetGrain<IUserProfileGrain>(user).GetProfileAsync(), p => p.EventCount >= expected);
        }

        await push.Cluster.KillSiloAsync(push.Cluster.SecondarySilos[0]);
        // The dead silo's partitions move to the survivor (membership and queue balancing take a while under load).
        var firstLists = push.Lists(ids, sequence: 1, TimeSpan.FromSeconds(120));
        Assert.True(firstLists.Count == users, await push.DescribeAsync(ids, $"{firstLists.Count} of {users} users got their first list"));

        var second = Half(userIds, first: false);
        await push.ProduceAsync(second.Select(e => (e.User, DigineticaSample.EventJson(e.Event, e.User, run))));
        var lists = push.Lists(ids, sequence: 2, TimeSpan.FromSeconds(120));
        Assert.True(lists.Count == users, await push.DescribeAsync(ids, $"{lists.Count} of {users} users got their second list"));

        // A list published just before the kill may be published again with the same sequence (the consumer drops it);
        // no burst is lost and none yields two different lists.
        await push.CommittedEverythingAsync();
        var all = push.AllLists(ids);
        Assert.All(all.GroupBy(l => l.UserId), g =>
        {
            Assert.Equal([1L, 2L], g.Select(l => l.Sequence).Distinct().Order());
            Assert.All(g.GroupBy(l => l.Sequence), copies => Assert.Single(copies.Select(l => string.Join(",", l.Items.Select(i => i.ItemId))).Distinct()));
        });
        Assert.Equal(ids.Order(), all.Select(l => l.UserId).Distinct().Order());
    }

    private static List<(string User, InteractionEvent Event)> Half(Dictionary<string, InteractionEvent[]> users, bool first) =>
        users.SelectMany(u =>
        {
            var half = (u.Value.Length + 1) / 2;
            return (first ? u.Value.Take(half) : u.Value.Skip(half)).Select(e => (u.Key, e));
        }).ToList();
}
