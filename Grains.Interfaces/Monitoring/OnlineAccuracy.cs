using Orleans.Rec.Events;

namespace Orleans.Rec.Monitoring;

/// <summary>Online accuracy of one version (or of a model's fallback lists), overall and per event type.</summary>
[GenerateSerializer, Immutable, Alias("rec.OnlineAccuracy")]
public sealed record OnlineAccuracy
{
    /// <summary>Counting every event type.</summary>
    [Id(0)] public required AccuracyFigures Overall { get; init; }

    /// <summary>Counting only events of one type.</summary>
    [Id(1)] public required IReadOnlyDictionary<UserEventType, AccuracyFigures> ByType { get; init; }
}
