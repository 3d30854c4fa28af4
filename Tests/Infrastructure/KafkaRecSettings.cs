using System.Globalization;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>The configuration that points silos and gateway at a Kafka (mock) cluster.</summary>
public static class KafkaRecSettings
{
    public static Dictionary<string, string> For(string bootstrapServers, string eventsTopic, string consumerGroup, TimeSpan? commitInterval = null, TimeSpan? caughtUpCommitDelay = null, KafkaEventDelivery delivery = KafkaEventDelivery.Partition) => new()
    {
        ["Rec:Kafka:Delivery"] = delivery.ToString(),
        ["Rec:Kafka:CaughtUpCommitDelay"] = (caughtUpCommitDelay ?? TimeSpan.FromSeconds(1)).ToString("c", CultureInfo.InvariantCulture),
        ["Rec:Streaming:Provider"] = "Kafka",
        ["Rec:Kafka:BootstrapServers"] = bootstrapServers,
        ["Rec:Kafka:EventsTopic"] = eventsTopic,
        ["Rec:Kafka:DeadLetterTopic"] = eventsTopic + ".dlq",
        ["Rec:Kafka:ImpressionsTopic"] = "recommendations",
        ["Rec:Kafka:ConsumerGroup"] = consumerGroup,
        ["Rec:Kafka:CommitInterval"] = (commitInterval ?? TimeSpan.FromMilliseconds(300)).ToString("c", CultureInfo.InvariantCulture),
        // Profiles persist only at checkpoints (and deactivation): what a checkpoint does not save, a crash loses.
        ["Rec:Profiles:WriteBehind"] = "01:00:00",
    };
}
