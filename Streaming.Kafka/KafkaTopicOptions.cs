namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// One topic read by the provider: a message keyed K on it lands on the stream (<see cref="StreamNamespace"/>, K), or,
/// delivered <see cref="KafkaDelivery.PerPartition"/>, on its partition's stream (<see cref="StreamNamespace"/>, <c>topic/partition</c>).
/// </summary>
public sealed class KafkaTopicOptions
{
    /// <summary>The Kafka topic.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The Orleans stream namespace its messages land in; the topic name when empty.</summary>
    public string StreamNamespace { get; set; } = string.Empty;

    /// <summary>Per key (default) or per partition; see <see cref="KafkaDelivery"/>.</summary>
    public KafkaDelivery Delivery { get; set; } = KafkaDelivery.PerKey;

    /// <summary>The stream namespace actually used.</summary>
    public string EffectiveNamespace => string.IsNullOrEmpty(StreamNamespace) ? Name : StreamNamespace;
}
