namespace Orleans.Rec.Streaming.Kafka;

/// <summary>Settings of one Kafka stream provider (named options, one set per provider name).</summary>
public sealed class KafkaStreamOptions
{
    /// <summary>Kafka <c>bootstrap.servers</c>: comma-separated <c>host:port</c> list.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The topics read by the provider; each partition of each topic is one Orleans queue.</summary>
    public List<KafkaTopicOptions> Topics { get; set; } = [];

    /// <summary>Consumer group under which offsets are committed (partitions are assigned explicitly, not by the group).</summary>
    public string ConsumerGroup { get; set; } = "orleans-streams";

    /// <summary>Where undecodable messages go, with their key, partition, offset and reason as headers; empty drops them.</summary>
    public string DeadLetterTopic { get; set; } = string.Empty;

    /// <summary>The most messages one receiver reads per pull (the pulling agent may ask for fewer).</summary>
    public int PollBatchSize { get; set; } = 1000;

    /// <summary>
    /// How often each partition checkpoints: delivered streams persist, then the offset is committed. It bounds
    /// what a crash replays.
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A partition that has read everything in its topic, delivered all of it and read nothing new for this long
    /// checkpoints then instead of at the next <see cref="CommitInterval"/> (once per quiet spell), so writes still
    /// scale with active users: a trickle of events never triggers it.
    /// </summary>
    public TimeSpan CaughtUpCommitDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a partition waits before it sends again a dead letter whose produce failed. The poison message's
    /// offset holds the partition's commit until the dead-letter topic acknowledges it.
    /// </summary>
    public TimeSpan DeadLetterRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Dead letters a partition may have waiting for the dead-letter topic's acknowledgement; at this many it stops
    /// reading until they are acknowledged (back-pressure instead of skipping them).
    /// </summary>
    public int MaxUnacknowledgedDeadLetters { get; set; } = 100;

    /// <summary>How often an idle (or paused) partition is polled again; a busy one is read back to back.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Messages the pulling agent may hold per partition (Orleans' queue cache); reading pauses beyond it.</summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>How long to wait for partition metadata at start-up.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Extra librdkafka settings passed through to every consumer and producer (security: <c>security.protocol</c>,
    /// <c>sasl.mechanism</c>, <c>sasl.username</c>, <c>sasl.password</c>, <c>ssl.ca.location</c>, ...).
    /// </summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);
}
