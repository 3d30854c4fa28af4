namespace Orleans.Rec;

/// <summary>Kafka settings of silos and gateway (<c>Rec:Kafka</c>), used when <c>Rec:Streaming:Provider</c> is <c>Kafka</c>.</summary>
public sealed class KafkaSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rec:Kafka";

    /// <summary>Kafka <c>bootstrap.servers</c> (required).</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The default of <see cref="UserHistoryTopic"/>, as the product brief names it.</summary>
    public const string DefaultUserHistoryTopic = "user_history";

    /// <summary>The default of <see cref="RecommendationsTopic"/>.</summary>
    public const string DefaultRecommendationsTopic = "recommendations";

    /// <summary>
    /// The topic of user events (user history), keyed by user id, JSON bodies in the v1 event shape. Unset: the old
    /// key <see cref="EventsTopic"/>, else <see cref="DefaultUserHistoryTopic"/>; read the resolved name from
    /// <see cref="HistoryTopic"/>.
    /// </summary>
    public string? UserHistoryTopic { get; set; }

    /// <summary>The old name of <see cref="UserHistoryTopic"/>, still accepted; both set must agree.</summary>
    public string? EventsTopic { get; set; }

    /// <summary>Where undecodable events go, with key, partition, offset and reason as headers; unset: the history topic + <c>.dlq</c>.</summary>
    public string? DeadLetterTopic { get; set; }

    /// <summary>
    /// The outgoing topic: every served list (impressions of REST requests) and, for models in push mode, the lists
    /// pushed as users act. Unset: the old key <see cref="ImpressionsTopic"/>, else <see cref="DefaultRecommendationsTopic"/>;
    /// read the resolved name from <see cref="OutTopic"/>.
    /// </summary>
    public string? RecommendationsTopic { get; set; }

    /// <summary>The old name of <see cref="RecommendationsTopic"/>, still accepted; both set must agree.</summary>
    public string? ImpressionsTopic { get; set; }

    /// <summary>The topic events are read from: <see cref="UserHistoryTopic"/>, else <see cref="EventsTopic"/>, else <c>user_history</c>.</summary>
    public string HistoryTopic => Resolve(UserHistoryTopic, EventsTopic, DefaultUserHistoryTopic);

    /// <summary>The topic lists are written to: <see cref="RecommendationsTopic"/>, else <see cref="ImpressionsTopic"/>, else <c>recommendations</c>.</summary>
    public string OutTopic => Resolve(RecommendationsTopic, ImpressionsTopic, DefaultRecommendationsTopic);

    /// <summary>The dead-letter topic: <see cref="DeadLetterTopic"/>, else the history topic + <c>.dlq</c>.</summary>
    public string DeadLetters => string.IsNullOrWhiteSpace(DeadLetterTopic) ? HistoryTopic + ".dlq" : DeadLetterTopic;

    /// <summary>How long a partition waits before it produces again a dead letter that failed (its offset holds the commit meanwhile).</summary>
    public TimeSpan DeadLetterRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Unacknowledged dead letters at which a partition stops reading until the dead-letter topic takes them.</summary>
    public int MaxUnacknowledgedDeadLetters { get; set; } = 100;

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
        Require(ConsumerGroup, nameof(ConsumerGroup));
        Agree(UserHistoryTopic, nameof(UserHistoryTopic), EventsTopic, nameof(EventsTopic), problems);
        Agree(RecommendationsTopic, nameof(RecommendationsTopic), ImpressionsTopic, nameof(ImpressionsTopic), problems);
        if (string.Equals(HistoryTopic, DeadLetters, StringComparison.Ordinal))
        {
            problems.Add($"{SectionName}:DeadLetterTopic must differ from {SectionName}:UserHistoryTopic ('{HistoryTopic}').");
        }

        if (string.Equals(HistoryTopic, OutTopic, StringComparison.Ordinal))
        {
            problems.Add($"{SectionName}:RecommendationsTopic must differ from {SectionName}:UserHistoryTopic ('{HistoryTopic}').");
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

    private static string Resolve(string? current, string? old, string fallback) =>
        !string.IsNullOrWhiteSpace(current) ? current : !string.IsNullOrWhiteSpace(old) ? old : fallback;

    /// <summary>A key and its old name may both be set only to the same topic.</summary>
    private static void Agree(string? current, string currentKey, string? old, string oldKey, List<string> problems)
    {
        if (!string.IsNullOrWhiteSpace(current) && !string.IsNullOrWhiteSpace(old) && !string.Equals(current, old, StringComparison.Ordinal))
        {
            problems.Add($"{SectionName}:{currentKey} ('{current}') and its old name {SectionName}:{oldKey} ('{old}') disagree; set one of them.");
        }
    }
}
