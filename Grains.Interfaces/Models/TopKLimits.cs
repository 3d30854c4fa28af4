namespace Orleans.Rec.Models;

/// <summary>How many items a version returns by default and at most.</summary>
[GenerateSerializer, Immutable, Alias("rec.TopKLimits")]
public sealed record TopKLimits
{
    /// <summary>k when the caller gives none.</summary>
    [Id(0)] public int Default { get; init; } = 10;

    /// <summary>The largest k the version serves.</summary>
    [Id(1)] public int Max { get; init; } = 1000;
}
