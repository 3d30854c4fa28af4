namespace Orleans.Rec.Models;

/// <summary>
/// Push mode of one model version: after a user's profile changes (Kafka or REST events), the user's top k is
/// computed through the same pipeline and batcher as a REST request and published to the recommendations topic.
/// Off by default; part of the serving config, so a change applies to the running version without a reload.
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.PushConfig")]
public sealed record PushConfig
{
    /// <summary>Whether users routed to this version get a list pushed after their profile changes.</summary>
    [Id(0)] public bool Enabled { get; init; }

    /// <summary>Items per pushed list; 0 uses the version's default k.</summary>
    [Id(1)] public int K { get; init; }

    /// <summary>
    /// A burst ends when the user has been quiet this long; the burst then yields one list (20 views in a burst, one list).
    /// </summary>
    [Id(2)] public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A user who never pauses still gets a list this long after the burst began.</summary>
    [Id(3)] public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The k of a pushed list under <paramref name="limits"/>.</summary>
    public int EffectiveK(TopKLimits limits) => K > 0 ? K : limits.Default;
}
