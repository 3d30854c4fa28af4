using Orleans.Providers.Streams.Common;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Streaming;

/// <summary>Silos that die or restart neither lose Kafka events nor count them twice.</summary>
public sealed class KafkaFailoverTests(KafkaMockFixture kafka) : IClassFixture<KafkaMockFixture>
{
    private const int Users = 16;
    private const int EventsPerRound = 25;
    private const int Partitions = 16;

    [Theory]
    [InlineData(KafkaEventDelivery.Partition)]
    [InlineData(KafkaEventDelivery.User)]
    public async Task SiloKilledMidStream_LosesNoEventAndCountsNoneTwice(KafkaEventDelivery delivery)
    {
        using var dataDir = new TempDirectory("rec-kafka-kill");
        var topic = kafka.NewEventsTopic();
        var group = ApiCalls.NewId("kill");
        var users = Enumerable.Range(0, Users).Select(_ => ApiCalls.NewId("kk")).ToArray();
        // A long interval and no early checkpoint when caught up: the kill lands between checkpoints, with delivered
        // events not yet persisted.
        var cluster = await RecCluster.StartAsync(dataDir.Path, 2, KafkaRecSettings.For(kafka.BootstrapServers, topic, group, TimeSpan.FromSeconds(2), caughtUpCommitDelay: TimeSpan.FromHours(1), delivery));
        try
        {
            await ProduceRoundAsync(topic, users, round: 0);
            await Eventually.GetAsync(() => TotalAsync(cluster, users), total => total >= Users * EventsPerRound / 2);

            await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
            await ProduceRoundAsync(topic, users, round: 1);

            var counts = await Eventually.GetAsync(() => CountsAsync(cluster, users), c => c.All(n => n >= 2 * EventsPerRound), TimeSpan.FromSeconds(60));
            Assert.All(counts, n => Assert.Equal(2 * EventsPerRound, n));

            await Eventually.GetAsync(() => Task.FromResult(kafka.Client.CommittedTotal(topic, group)), c => c >= kafka.Client.EndTotal(topic), TimeSpan.FromSeconds(30));
            Assert.Equal(kafka.Client.EndTotal(topic), kafka.Client.CommittedTotal(topic, group));
            Assert.All(await CountsAsync(cluster, users), n => Assert.Equal(2 * EventsPerRound, n));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task SiloJoining_TakesOverPartitions_AndEventsKeepFlowingExactlyOnce()
    {
        using var dataDir = new TempDirectory("rec-kafka-join");
        // Orleans' queue balancer gives each silo the partitions in its share of the hash ring: with 4 partitions the
        // joining silo was once left with none; with 16 that is very unlikely.
        var topic = kafka.NewEventsTopic(partitions: Partitions);
        var users = Enumerable.Range(0, Users).Select(_ => ApiCalls.NewId("kj")).ToArray();
        var cluster = await RecCluster.StartAsync(dataDir.Path, 1, KafkaRecSettings.For(kafka.BootstrapServers, topic, ApiCalls.NewId("join")));
        try
        {
            await ProduceRoundAsync(topic, users, round: 0);
            var before = await Eventually.GetAsync(() => RunningAgentsAsync(cluster), a => a.Sum() == Partitions);
            Assert.Equal(new[] { Partitions }, before);

            await cluster.StartAdditionalSiloAsync();
            var agents = await Eventually.GetAsync(() => RunningAgentsAsync(cluster), a => a.Length == 2 && a.All(n => n > 0) && a.Sum() == Partitions, TimeSpan.FromSeconds(60));
            Assert.Equal(2, agents.Length);
            Assert.All(agents, n => Assert.True(n > 0, $"partitions per silo: {string.Join(",", agents)}"));
            Assert.Equal(Partitions, agents.Sum());

            await ProduceRoundAsync(topic, users, round: 1);
            var counts = await Eventually.GetAsync(() => CountsAsync(cluster, users), c => c.All(n => n >= 2 * EventsPerRound), TimeSpan.FromSeconds(60));
            Assert.All(counts, n => Assert.Equal(2 * EventsPerRound, n));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task FullRestart_ResumesFromCommittedOffsets()
    {
        using var firstData = new TempDirectory("rec-kafka-restart1");
        using var secondData = new TempDirectory("rec-kafka-restart2");
        var topic = kafka.NewEventsTopic();
        var group = ApiCalls.NewId("restart");
        var users = Enumerable.Range(0, Users).Select(_ => ApiCalls.NewId("kr")).ToArray();
        var settings = KafkaRecSettings.For(kafka.BootstrapServers, topic, group);

        var first = await RecCluster.StartAsync(firstData.Path, 2, settings);
        try
        {
            await ProduceRoundAsync(topic, users, round: 0);
            Assert.All(await Eventually.GetAsync(() => CountsAsync(first, users), c => c.All(n => n >= EventsPerRound)), n => Assert.Equal(EventsPerRound, n));
            await Eventually.GetAsync(() => Task.FromResult(kafka.Client.CommittedTotal(topic, group)), c => c >= kafka.Client.EndTotal(topic));
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        // Same consumer group, empty state: had the silos re-read the topic, the old round would count again.
        var second = await RecCluster.StartAsync(secondData.Path, 2, settings);
        try
        {
            await ProduceRoundAsync(topic, users, round: 1);
            await Eventually.GetAsync(() => Task.FromResult(kafka.Client.CommittedTotal(topic, group)), c => c >= kafka.Client.EndTotal(topic));
            Assert.All(await Eventually.GetAsync(() => CountsAsync(second, users), c => c.All(n => n >= EventsPerRound)), n => Assert.Equal(EventsPerRound, n));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task CaughtUpPartition_PersistsAndCommitsWithoutWaitingForTheInterval()
    {
        using var dataDir = new TempDirectory("rec-kafka-caughtup");
        var topic = kafka.NewEventsTopic();
        var group = ApiCalls.NewId("caught");
        var users = Enumerable.Range(0, Users).Select(_ => ApiCalls.NewId("kc")).ToArray();
        // The interval never comes within the test: only the caught-up checkpoint can commit.
        var settings = KafkaRecSettings.For(kafka.BootstrapServers, topic, group, TimeSpan.FromHours(1), caughtUpCommitDelay: TimeSpan.FromMilliseconds(300));
        var first = await RecCluster.StartAsync(dataDir.Path, 1, settings);
        try
        {
            await ProduceRoundAsync(topic, users, round: 0);
            await Eventually.GetAsync(() => Task.FromResult(kafka.Client.CommittedTotal(topic, group)), c => c >= kafka.Client.EndTotal(topic), TimeSpan.FromSeconds(60));
            Assert.Equal(kafka.Client.EndTotal(topic), kafka.Client.CommittedTotal(topic, group));
        }
        finally
        {
            // Killed, not stopped: a graceful stop would persist on deactivation and hide a commit that ran ahead.
            await first.KillSiloAsync(first.Primary!);
            await first.DisposeAsync();
        }

        // Same state folder and group: what was committed must be in the stored profiles, and nothing is read twice.
        var second = await RecCluster.StartAsync(dataDir.Path, 1, settings);
        try
        {
            Assert.All(await CountsAsync(second, users), n => Assert.Equal(EventsPerRound, n));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    private async Task ProduceRoundAsync(string topic, string[] users, int round)
    {
        var sends = new List<Task>();
        for (var i = 0; i < EventsPerRound; i++)
        {
            foreach (var user in users)
            {
                // Every other event has no id: its id comes from topic/partition/offset, stable across redelivery.
                var id = i % 2 == 0 ? $"{user}-r{round}-e{i}" : null;
                sends.Add(kafka.Client.ProduceAsync(topic, user, KafkaTestClient.EventJson(user, $"r{round}-i{i}", id)));
            }
        }

        await Task.WhenAll(sends);
    }

    /// <summary>Each user's event count; -1 while the profile is unreachable (its silo just died).</summary>
    private static async Task<long[]> CountsAsync(TestCluster cluster, string[] users) =>
        await Task.WhenAll(users.Select(async u =>
        {
            try
            {
                return (await cluster.Client.GetGrain<IUserProfileGrain>(u).GetProfileAsync()).EventCount;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                return -1L;
            }
        }));

    private static async Task<int[]> RunningAgentsAsync(TestCluster cluster)
    {
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var answers = await management.SendControlCommandToProvider<PersistentStreamProvider>(
            RecNames.EventStreamProvider, (int)PersistentStreamProviderCommand.GetNumberRunningAgents);
        return answers.Select(a => a is int n ? n : 0).ToArray();
    }

    private static async Task<long> TotalAsync(TestCluster cluster, string[] users) => (await CountsAsync(cluster, users)).Sum();
}
