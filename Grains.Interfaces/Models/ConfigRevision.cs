namespace Orleans.Rec.Models;

/// <summary>One revision of a version's serving config: what it was set to, when and by whom.</summary>
[GenerateSerializer, Immutable, Alias("rec.ConfigRevision")]
public sealed record ConfigRevision
{
    /// <summary>1 for the config uploaded with the version, then 2, 3…</summary>
    [Id(0)] public required int Revision { get; init; }

    /// <summary>The serving config of this revision.</summary>
    [Id(1)] public required ServingConfig Serving { get; init; }

    /// <summary>When the revision was made.</summary>
    [Id(2)] public required DateTimeOffset At { get; init; }

    /// <summary>Who made it.</summary>
    [Id(3)] public required string By { get; init; }
}
