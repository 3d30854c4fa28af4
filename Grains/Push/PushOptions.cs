namespace Orleans.Rec.Push;

/// <summary>Silo-wide limits of push mode (<c>Rec:Push</c>); whether a model pushes is its version's config (<c>push</c>).</summary>
public sealed class PushOptions
{
    public const string SectionName = "Rec:Push";

    /// <summary>
    /// Users whose burst may wait for its list at once on a silo. One more user's events wait (and with them the
    /// Kafka partition's delivery, so consumption slows) until a list is published: lists are never dropped.
    /// </summary>
    public int MaxPendingUsers { get; set; } = 10_000;

    /// <summary>How long one publish may wait for the broker's acknowledgement before it counts as failed and is retried.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a failed publish waits before the burst is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a silo looks again at which loaded versions are in push mode (config changes apply on their own interval).</summary>
    public TimeSpan ModelRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
