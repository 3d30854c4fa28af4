namespace Orleans.Rec.Monitoring;

/// <summary>The samples of one version, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("rec.VersionHistory")]
public sealed record VersionHistory
{
    /// <summary>The version.</summary>
    [Id(0)] public required int Version { get; init; }

    /// <summary>Its samples, oldest first.</summary>
    [Id(1)] public required HistorySample[] Samples { get; init; }
}
