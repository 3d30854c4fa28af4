using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Rec.Events;
using Orleans.Rec.Streaming;
using Orleans.Rec.Streaming.Kafka;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Streaming;

/// <summary>One partition's receiver against the mock cluster, without silos: what a read becomes, and what a failed delivery does.</summary>
public sealed class KafkaAdapterReceiverTests(KafkaMockFixture kafka) : IClassFixture<KafkaMockFixture>
{
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

    private async Task<KafkaAdapterReceiver> StartAsync(string topic)
    {
        var options = new KafkaStreamOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            ConsumerGroup = ApiCalls.NewId("receiver"),
            CommitInterval = TimeSpan.FromHours(1),
        };
        var producer = new Lazy<IProducer<byte[]?, byte[]?>>(() => new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build());
        var receiver = new KafkaAdapterReceiver(
            new TopicPartition(topic, 0),
            new KafkaTopicOptions { Name = topic, StreamNamespace = RecNames.UserEventPartitionsNamespace, Delivery = KafkaDelivery.PerPartition },
            options,
            new UserEventKafkaCodec(),
            participant: null,
            new KafkaDeadLetters(topic + ".dlq", producer, NullLogger.Instance),
            TimeProvider.System,
            NullLogger<KafkaAdapterReceiver>.Instance);
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
