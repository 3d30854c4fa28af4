namespace Orleans.Rec.Streaming.Kafka;

/// <summary>How the messages of a topic reach Orleans streams.</summary>
public enum KafkaDelivery
{
    /// <summary>
    /// Each message lands on the stream its codec names (one Orleans stream per message key): every key's consumer is
    /// an implicit subscriber of the namespace. The pulling agent tracks, registers and delivers to each key's stream.
    /// </summary>
    PerKey,

    /// <summary>
    /// Each read of a partition lands as one batch on the partition's stream (namespace, <c>topic/partition</c>), whose
    /// one consumer (an implicit subscriber of the namespace) hands the events on by key. For topics with many keys:
    /// the pulling agent then tracks one stream per partition, not one per key.
    /// </summary>
    PerPartition,
}
