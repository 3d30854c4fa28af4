namespace Orleans.Rec.Monitoring;

/// <summary>A model's recent serving history: per version with traffic, one sample per sampling interval.</summary>
[GenerateSerializer, Immutable, Alias("rec.ModelHistory")]
public sealed record ModelHistory
{
    /// <summary>The model.</summary>
    [Id(0)] public required string Model { get; init; }

    /// <summary>The configured sampling interval in seconds (<c>Rec:Monitoring:SampleInterval</c>).</summary>
    [Id(1)] public required double IntervalSeconds { get; init; }

    /// <summary>Per version, ascending.</summary>
    [Id(2)] public required VersionHistory[] Versions { get; init; }

    /// <summary>The silos' process figures read at each sample within the window, oldest first (one per silo and sample).</summary>
    [Id(3)] public SiloResources[] Silos { get; init; } = [];
}
