using Orleans.Rec.Events;

namespace Orleans.Rec.Monitoring;

/// <summary>The part of an impression's outcome that one event type accounts for.</summary>
[GenerateSerializer, Immutable, Alias("rec.TypeOutcome")]
public sealed record TypeOutcome
{
    /// <summary>The event type.</summary>
    [Id(0)] public required UserEventType Type { get; init; }

    /// <summary>Distinct recommended items the user interacted with in the window by events of this type.</summary>
    [Id(1)] public int Hits { get; init; }

    /// <summary>Distinct items the user interacted with in the window by events of this type.</summary>
    [Id(2)] public int Interacted { get; init; }
}
