namespace Orleans.Rec.Inference;

/// <summary>A list of recommendations served to a user, or why none could be scored now (<see cref="Refusal"/>).</summary>
[GenerateSerializer, Immutable, Alias("rec.RecommendationResult")]
public sealed record RecommendationResult
{
    /// <summary>The user served.</summary>
    [Id(0)] public required string UserId { get; init; }

    /// <summary>The model asked for.</summary>
    [Id(1)] public required string Model { get; init; }

    /// <summary>The version that produced the list; null for a popularity fallback.</summary>
    [Id(2)] public int? Version { get; init; }

    /// <summary>Why the list is a popularity fallback, or <see cref="FallbackReason.None"/>.</summary>
    [Id(3)] public FallbackReason Fallback { get; init; }

    /// <summary>The items, best first.</summary>
    [Id(4)] public ScoredItem[] Items { get; init; } = [];

    /// <summary>
    /// Why the version serving the user did not score the request (queue full, deadline passed), or
    /// <see cref="InferenceRefusal.None"/>. A refused answer has no items and was neither recorded nor published.
    /// </summary>
    [Id(5)] public InferenceRefusal Refusal { get; init; }
}
