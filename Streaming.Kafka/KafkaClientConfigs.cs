using Confluent.Kafka;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>librdkafka configurations built from <see cref="KafkaStreamOptions"/>, pass-through properties first.</summary>
internal static class KafkaClientConfigs
{
    public static ConsumerConfig Consumer(KafkaStreamOptions options) => new(new Dictionary<string, string>(options.Properties))
    {
        BootstrapServers = options.BootstrapServers,
        GroupId = options.ConsumerGroup,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        // Bounded prefetch: back-pressure from the pulling agent reaches the broker instead of piling up here.
        QueuedMinMessages = Math.Max(1000, options.PollBatchSize * 4),
        QueuedMaxMessagesKbytes = 8 * 1024,
        FetchWaitMaxMs = 50,
    };

    public static ProducerConfig Producer(KafkaStreamOptions options) => new(new Dictionary<string, string>(options.Properties))
    {
        BootstrapServers = options.BootstrapServers,
        LingerMs = 5,
        EnableIdempotence = false,
        Acks = Acks.All,
    };
}
