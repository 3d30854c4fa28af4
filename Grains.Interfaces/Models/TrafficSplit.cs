namespace Orleans.Rec.Models;

/// <summary>One version's share of a traffic split.</summary>
[GenerateSerializer, Immutable, Alias("rec.TrafficSplit")]
public sealed record TrafficSplit(
    [property: Id(0)] int Version,
    [property: Id(1)] int Percent);
