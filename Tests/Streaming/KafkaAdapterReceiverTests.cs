using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using Orleans.Rec.Events;
using Orleans.Rec.Streaming;
using Orleans.Rec.Streaming.Kafka;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Streaming;

/// <summary>One partition's receiver against the mock cluster, without silos: what a read becomes, and what a failed delivery does.</summary>
public sealed class KafkaAdapterReceiverTests(KafkaMockFixture kafka) : IClassFixture<KafkaMockFixture>, IDisposable
{
    /// <summary>The dead-letter producers the receivers were given (the host owns them, not the receiver).</summary>
    private readonly List<IProducer<byte[]?, byte[]?>> _producers = [];

    public void Dispose()
    {
        lock (_producers)
        {
            foreach (var producer in _producers)
            {
                producer.Dispose();
            }
        }
    }

    private const short ProduceApiKey = 0;
    // A permanent produce error that, unlike an authorization failure, does not mark the whole topic failed in the producer.
    private const int PolicyViolation = 44;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private static readonly ListLogger<KafkaAdapterReceiver> Log = new();

    [Fact]
    public async Task PerPartition_EachReadIsOneBatchOnThePartitionStream_InOffsetOrder()
    {
        var topic = kafka.NewEventsTopic(partitions: 1);
        var users = new[] { "pa", "pb", "pa", "pc", "pb" };
        await ProduceAsync(topic, users);
        var receiver = await StartAsync(topic);
        try
        {
            var batches = await ReadAsync(receiver, users.Length);

            var partitionStream = StreamId.Create(RecNames.UserEventPartitionsNamespace, $"{topic}/0");
            Assert.All(batches, b => Assert.Equal(partitionStream, b.StreamId));
            Assert.Equal(users, batches.SelectMany(b => b.Events.Cast<UserEvent>()).Select(e => e.UserId));
            Assert.Equal([.. Enumerable.Range(0, users.Length).Select(i => $"{topic}/0/{i}")], batches.SelectMany(b => b.Events.Cast<UserEvent>()).Select(e => e.EventId));
        }
        finally
        {
            await receiver.Shutdown(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task FailedDelivery_ReadsAgainFromTheLastCommit_ThenCommitsPastIt()
    {
        var topic = kafka.NewEventsTopic(partitions: 1);
        var users = new[] { "fa", "fb", "fc" };
        await ProduceAsync(topic, users);
        var receiver = await StartAsync(topic);
        try
        {
            var first = await ReadAsync(receiver, users.Length);
            first[0].DeliveryFailed = true;
            await receiver.MessagesDeliveredAsync([.. first]);
            await receiver.CheckpointAsync();
            Assert.Equal(-1, receiver.CommittedOffset);

            // The same offsets again, not skipped; delivered this time, they are committed.
            Assert.Equal(users.Length, LagOf($"{topic}/0"));

            var again = await ReadAsync(receiver, users.Length);
            Assert.Equal(first.SelectMany(b => b.Events.Cast<UserEvent>()).Select(e => e.EventId), again.SelectMany(b => b.Events.Cast<UserEvent>()).Select(e => e.EventId));
            await receiver.MessagesDeliveredAsync([.. again]);
            await receiver.CheckpointAsync();
            Assert.Equal(users.Length, receiver.CommittedOffset);
            Assert.Equal(0, LagOf($"{topic}/0"));
        }
        finally
        {
            await receiver.Shutdown(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task DeadLetterTopicFailing_CommitStopsAtThePoisonMessage_ThenItIsDeadLetteredOnceAndLaterEventsCommitted()
    {
        var topic = kafka.NewEventsTopic(partitions: 1);
        await kafka.Client.ProduceAsync(topic, "da", KafkaTestClient.EventJson("da", "item0"));
        await kafka.Client.ProduceAsync(topic, "da", "{not json");
        await kafka.Client.ProduceAsync(topic, "db", KafkaTestClient.EventJson("db", "item2"));
        await kafka.Client.ProduceAsync(topic, "dc", KafkaTestClient.EventJson("dc", "item3"));
        // The dead-letter topic refuses the next produce (a permanent error: librdkafka does not retry it itself).
        kafka.Cluster.FailPartitionRequests(topic + ".dlq", 0, ProduceApiKey, PolicyViolation, count: 1);
        var time = new FakeTimeProvider();
        var deadLettersBefore = KafkaStreamMetrics.DeadLetters;
        var receiver = await StartAsync(topic, time);
        try
        {
            var batches = await ReadAsync(receiver, 3);
            Assert.Equal(["item0", "item2", "item3"], batches.SelectMany(b => b.Events.Cast<UserEvent>()).Select(e => e.ItemId));
            // The process reads a partition: the silos' resource reads carry its lag.
            Assert.NotNull(KafkaStreamMetrics.MaxLag());
            await receiver.MessagesDeliveredAsync([.. batches]);
            await receiver.CheckpointAsync();

            // Delivered events after the poison message are not committed while its dead letter is not stored.
            Assert.Equal(1, receiver.CommittedOffset);
            Assert.Equal(1, receiver.UnacknowledgedDeadLetters);
            Assert.Equal(0, kafka.Client.EndTotal(topic + ".dlq"));

            // The topic recovered: the retry is acknowledged, and then the commit passes the later events.
            await WaitForDeadLettersAsync(() => receiver.FailingDeadLetters, 1);
            time.Advance(RetryInterval);
            Assert.Empty(await receiver.GetQueueMessagesAsync(100));
            await WaitForDeadLettersAsync(() => receiver.UnacknowledgedDeadLetters, 0);
            await receiver.CheckpointAsync();
            Assert.Equal(4, receiver.CommittedOffset);
            Assert.Equal(0, receiver.UnacknowledgedDeadLetters);
            Assert.Equal(1, kafka.Client.EndTotal(topic + ".dlq"));
            // Counted once acknowledged (other tests in the process may dead-letter too, hence at least).
            Assert.True(KafkaStreamMetrics.DeadLetters >= deadLettersBefore + 1, $"dead letters {deadLettersBefore} -> {KafkaStreamMetrics.DeadLetters}");
            var dead = Assert.Single(kafka.Client.Read(topic + ".dlq", _ => true, 1));
            Assert.Equal("1", KafkaTestClient.Header(dead, KafkaDeadLetters.OffsetHeader));
        }
        finally
        {
            await receiver.Shutdown(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task DeadLetterProduceRefusedMidRead_ReadGoesOn_CommitStopsAtTheRefusedOne_UntilItsRetryIsAcknowledged()
    {
        var topic = kafka.NewEventsTopic(partitions: 1);
        await kafka.Client.ProduceAsync(topic, "ra", "{poison 0");
        await kafka.Client.ProduceAsync(topic, "ra", KafkaTestClient.EventJson("ra", "item1"));
        await kafka.Client.ProduceAsync(topic, "rb", "{poison 2");
        await kafka.Client.ProduceAsync(topic, "rb", KafkaTestClient.EventJson("rb", "item3"));
        var time = new FakeTimeProvider();
        // A producer queue of one message, lingering: the second dead letter of the read is refused at once (QueueFull).
        var receiver = await StartAsync(topic, time, new ProducerConfig { BootstrapServers = kafka.BootstrapServers, QueueBufferingMaxMessages = 1, LingerMs = 60_000 });
        try
        {
            var batches = await ReadAsync(receiver, 2);
            Assert.Equal(["item1", "item3"], batches.SelectMany(b => b.Events.Cast<UserEvent>()).Select(e => e.ItemId));
            await receiver.MessagesDeliveredAsync([.. batches]);

            // The checkpoint's flush sends the lingering first dead letter; once it is acknowledged only the refused
            // one holds the commit.
            await receiver.CheckpointAsync();
            await WaitForDeadLettersAsync(() => receiver.UnacknowledgedDeadLetters, 1);
            await receiver.CheckpointAsync();
            Assert.Equal(2, receiver.CommittedOffset);
            Assert.Equal(1, kafka.Client.EndTotal(topic + ".dlq"));

            await WaitForDeadLettersAsync(() => receiver.FailingDeadLetters, 1);
            time.Advance(RetryInterval);
            Assert.Empty(await receiver.GetQueueMessagesAsync(100));
            await receiver.CheckpointAsync();
            await WaitForDeadLettersAsync(() => receiver.UnacknowledgedDeadLetters, 0);
            await receiver.CheckpointAsync();
            Assert.Equal(4, receiver.CommittedOffset);
            var dead = kafka.Client.Read(topic + ".dlq", _ => true, 2);
            Assert.Equal(["0", "2"], dead.Select(m => KafkaTestClient.Header(m, KafkaDeadLetters.OffsetHeader)));
            Assert.Equal(2, kafka.Client.EndTotal(topic + ".dlq"));
        }
        finally
        {
            await receiver.Shutdown(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task DeadLettersUnacknowledgedAtTheLimit_PartitionStopsReading_UntilTheyAreAcknowledged()
    {
        var topic = kafka.NewEventsTopic(partitions: 1);
        await kafka.Client.ProduceAsync(topic, "ba", "{poison 0");
        await kafka.Client.ProduceAsync(topic, "ba", KafkaTestClient.EventJson("ba", "item1"));
        kafka.Cluster.FailPartitionRequests(topic + ".dlq", 0, ProduceApiKey, PolicyViolation, count: 1);
        var time = new FakeTimeProvider();
        var receiver = await StartAsync(topic, time, maxUnacknowledgedDeadLetters: 1);
        try
        {
            // One message per read: the first one read is the poison message, whose dead letter then waits.
            var read = await Eventually.GetAsync(
                async () => (await receiver.GetQueueMessagesAsync(1)).Count + receiver.UnacknowledgedDeadLetters,
                n => n > 0);
            Assert.Equal(1, read);
            Assert.Equal(1, receiver.UnacknowledgedDeadLetters);
            Assert.Empty(await receiver.GetQueueMessagesAsync(1));
            await receiver.CheckpointAsync();
            Assert.Equal(0, receiver.CommittedOffset);

            // Retried and acknowledged: reading resumes after it.
            await WaitForDeadLettersAsync(() => receiver.FailingDeadLetters, 1);
            time.Advance(RetryInterval);
            Assert.Empty(await receiver.GetQueueMessagesAsync(1));
            await WaitForDeadLettersAsync(() => receiver.UnacknowledgedDeadLetters, 0);
            await receiver.CheckpointAsync();
            Assert.Equal(1, receiver.CommittedOffset);
            var batches = await ReadAsync(receiver, 1);
            Assert.Equal(["item1"], batches.SelectMany(b => b.Events.Cast<UserEvent>()).Select(e => e.ItemId));
        }
        finally
        {
            await receiver.Shutdown(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// Waits for a dead-letter count: a delivery report's callback may still be running when the producer's flush
    /// returns.
    /// </summary>
    private static async Task WaitForDeadLettersAsync(Func<int> count, int expected) =>
        Assert.True(expected == await Eventually.GetAsync(() => Task.FromResult(count()), n => n == expected), string.Join("\n", Log.Entries.Select(e => e.Message)));

    /// <summary>The <c>rec.kafka.lag</c> gauge of one partition, observed now.</summary>
    private static long LagOf(string partition)
    {
        long? lag = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KafkaStreamMetrics.MeterName && instrument.Name == "rec.kafka.lag")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "partition" && Equals(tag.Value, partition))
                {
                    lag = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return lag ?? throw new InvalidOperationException($"No lag reported for {partition}.");
    }

    private async Task ProduceAsync(string topic, string[] users)
    {
        // One at a time: the offsets follow the array.
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            await kafka.Client.ProduceAsync(topic, user, KafkaTestClient.EventJson(user, $"item{i}"));
        }
    }

    private async Task<KafkaAdapterReceiver> StartAsync(string topic, TimeProvider? time = null, ProducerConfig? deadLetterProducer = null, int maxUnacknowledgedDeadLetters = 100)
    {
        var options = new KafkaStreamOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            ConsumerGroup = ApiCalls.NewId("receiver"),
            CommitInterval = TimeSpan.FromHours(1),
            // Only the tests' own calls checkpoint.
            CaughtUpCommitDelay = TimeSpan.FromDays(1),
            DeadLetterRetryInterval = RetryInterval,
            MaxUnacknowledgedDeadLetters = maxUnacknowledgedDeadLetters,
        };
        var producer = new Lazy<IProducer<byte[]?, byte[]?>>(() =>
        {
            var built = new ProducerBuilder<byte[]?, byte[]?>(deadLetterProducer ?? new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
            lock (_producers)
            {
                _producers.Add(built);
            }

            return built;
        });
        var receiver = new KafkaAdapterReceiver(
            new TopicPartition(topic, 0),
            new KafkaTopicOptions { Name = topic, StreamNamespace = RecNames.UserEventPartitionsNamespace, Delivery = KafkaDelivery.PerPartition },
            options,
            new UserEventKafkaCodec(),
            participant: null,
            new KafkaDeadLetters(topic + ".dlq", producer),
            time ?? TimeProvider.System,
            Log);
        await receiver.Initialize(TimeSpan.FromSeconds(10));
        return receiver;
    }

    /// <summary>Reads until <paramref name="events"/> events came (reads return what has been fetched so far).</summary>
    private static async Task<List<KafkaBatchContainer>> ReadAsync(KafkaAdapterReceiver receiver, int events)
    {
        var batches = new List<KafkaBatchContainer>();
        await Eventually.GetAsync(
            async () =>
            {
                batches.AddRange((await receiver.GetQueueMessagesAsync(100)).Cast<KafkaBatchContainer>());
                return batches.Sum(b => b.Events.Count);
            },
            n => n >= events);
        return batches;
    }
}
