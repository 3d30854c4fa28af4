namespace Orleans.Rec.Monitoring;

/// <summary>A closed attribution window: what the user did after a list was served to them.</summary>
[GenerateSerializer, Immutable, Alias("rec.ImpressionOutcome")]
public sealed record ImpressionOutcome
{
    /// <summary>The impression's number in its user's profile (increasing; the monitor ignores numbers it has counted).</summary>
    [Id(0)] public required long Sequence { get; init; }

    /// <summary>The model asked for.</summary>
    [Id(1)] public required string Model { get; init; }

    /// <summary>The version that produced the list; null for a popularity fallback.</summary>
    [Id(2)] public int? Version { get; init; }

    /// <summary>Items in the list (the k of precision@k).</summary>
    [Id(3)] public required int K { get; init; }

    /// <summary>Distinct recommended items the user viewed, carted or bought in the window.</summary>
    [Id(4)] public int Hits { get; init; }

    /// <summary>Distinct items the user interacted with in the window.</summary>
    [Id(5)] public int Interacted { get; init; }

    /// <summary>The same per event type (every type, zeros included).</summary>
    [Id(6)] public TypeOutcome[] ByType { get; init; } = [];

    /// <summary>The monitor this outcome is reported to: <see cref="Models.ModelKeys.MonitorKey"/>.</summary>
    public string MonitorKey => Models.ModelKeys.MonitorKey(Model, Version);
}
