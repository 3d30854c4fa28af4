namespace Orleans.Rec.Monitoring;

/// <summary>How available one version has been, as seen by its model's history grain since it started observing.</summary>
[GenerateSerializer, Immutable, Alias("rec.VersionAvailability")]
public sealed record VersionAvailability
{
    /// <summary>When the history grain started observing (its activation).</summary>
    [Id(0)] public required DateTimeOffset ObservedSince { get; init; }

    /// <summary>Samples taken of the version.</summary>
    [Id(1)] public long Samples { get; init; }

    /// <summary>Of those, samples in which the version was loaded and warmed on every active silo.</summary>
    [Id(2)] public long SamplesLoadedEverywhere { get; init; }

    /// <summary>Changes of the set of active silos seen between samples (a join and a leave count one each).</summary>
    [Id(3)] public long MembershipChanges { get; init; }

    /// <summary>Error ratio over the samples kept: (expired + failed) / attempts; 0 with no attempt.</summary>
    [Id(4)] public double ErrorRatio { get; init; }

    /// <summary>Shed ratio over the samples kept: shed / attempts; 0 with no attempt.</summary>
    [Id(5)] public double ShedRatio { get; init; }

    /// <summary>Requests that reached the version over the samples kept.</summary>
    [Id(6)] public long Attempts { get; init; }
}
