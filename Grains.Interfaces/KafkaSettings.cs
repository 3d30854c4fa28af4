namespace Orleans.Rec;

/// <summary>Kafka settings of silos and gateway (<c>Rec:Kafka</c>), used when <c>Rec:Streaming:Provider</c> is <c>Kafka</c>.</summary>
public sealed class KafkaSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rec:Kafka";

    /// <summary>Kafka <c>bootstrap.servers</c> (required).</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The topic of user events, keyed by user id, JSON bodies in the v1 event shape.</summary>
    public string EventsTopic { get; set; } = "user-events";

    /// <summary>Where undecodable events go, with key, partition, offset and reason as headers.</summary>
    public string DeadLetterTopic { get; set; } = "user-events.dlq";

    /// <summary>How long a partition waits before it produces again a dead letter that failed (its offset holds the commit meanwhile).</summary>
    public TimeSpan DeadLetterRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Unacknowledged dead letters at which a partition stops reading until the dead-letter topic takes them.</summary>
    public int MaxUnacknowledgedDeadLetters { get; set; } = 100;

    /// <summary>The impression log: every served recommendation list.</summary>
    public string ImpressionsTopic { get; set; } = "recommendations";

    /// <summary>
    /// How partitions reach the profiles: <c>Partition</c> (default) — each read of a partition is one batch for that
    /// partition's <see cref="IUserEventPartitionGrain"/>, which hands every user their events in one call; <c>User</c> —
    /// every message lands on its user's <c>user-events</c> stream (one Orleans stream per user, implicitly subscribed by
    /// the profile). Same guarantees; <c>Partition</c> keeps the pulling agent's work per partition instead of per user.
    /// </summary>
    public KafkaEventDelivery Delivery { get; set; } = KafkaEventDelivery.Partition;

    /// <summary>Alert fire and resolve notifications (keyed by model, JSON).</summary>
    public string AlertsTopic { get; set; } = "alerts";

    /// <summary>Consumer group under which the silos commit event offsets.</summary>
    public string ConsumerGroup { get; set; } = "orleans-rec";

    /// <summary>The most messages a partition reader takes per pull.</summary>
    public int PollBatchSize { get; set; } = 1000;

    /// <summary>How often each partition persists the profiles it fed and commits its offset (bounds crash replay).</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A partition that caught up and read nothing new for this long checkpoints then, not at the next interval.</summary>
    public TimeSpan CaughtUpCommitDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often an idle partition is polled again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Events buffered per partition before reading pauses (back-pressure).</summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>Impressions buffered before new ones are dropped (and counted) instead of slowing requests.</summary>
    public int ImpressionBufferCapacity { get; set; } = 10_000;

    /// <summary>
    /// librdkafka settings passed through unchanged, e.g. <c>security.protocol</c>, <c>sasl.mechanism</c>,
    /// <c>sasl.username</c>, <c>sasl.password</c> (Event Hubs' Kafka endpoint, Confluent Cloud).
    /// </summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every problem with these settings, naming the key at fault; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(string value, string key)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{SectionName}:{key} is required when {StreamingSettings.SectionName}:Provider is Kafka.");
            }
        }

        Require(BootstrapServers, nameof(BootstrapServers));
        Require(EventsTopic, nameof(EventsTopic));
        Require(ImpressionsTopic, nameof(ImpressionsTopic));
        Require(ConsumerGroup, nameof(ConsumerGroup));
        if (string.Equals(EventsTopic, DeadLetterTopic, StringComparison.Ordinal))
        {
            problems.Add($"{SectionName}:DeadLetterTopic must differ from {SectionName}:EventsTopic.");
        }

        if (PollBatchSize < 1)
        {
            problems.Add($"{SectionName}:PollBatchSize must be at least 1.");
        }

        if (CommitInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:CommitInterval must be positive.");
        }

        if (CaughtUpCommitDelay < TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:CaughtUpCommitDelay must not be negative.");
        }

        if (DeadLetterRetryInterval < TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:DeadLetterRetryInterval must not be negative.");
        }

        if (MaxUnacknowledgedDeadLetters < 1)
        {
            problems.Add($"{SectionName}:MaxUnacknowledgedDeadLetters must be at least 1.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:PollInterval must be positive.");
        }

        if (CacheSize < 10)
        {
            problems.Add($"{SectionName}:CacheSize must be at least 10.");
        }

        if (ImpressionBufferCapacity < 1)
        {
            problems.Add($"{SectionName}:ImpressionBufferCapacity must be at least 1.");
        }

        return problems;
    }
}
