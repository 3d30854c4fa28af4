namespace Orleans.Rec.Monitoring;

/// <summary>Online accuracy over closed attribution windows.</summary>
[GenerateSerializer, Immutable, Alias("rec.AccuracyFigures")]
public sealed record AccuracyFigures
{
    /// <summary>Impressions whose window closed.</summary>
    [Id(0)] public long Impressions { get; init; }

    /// <summary>Of those, impressions whose window holds at least one interaction (the ones recall is averaged over).</summary>
    [Id(1)] public long WithInteractions { get; init; }

    /// <summary>Impressions with at least one hit.</summary>
    [Id(2)] public long HitImpressions { get; init; }

    /// <summary>Mean of hits / k; 0 with no impressions.</summary>
    [Id(3)] public double PrecisionAtK { get; init; }

    /// <summary>Mean of hits / distinct items interacted with, over <see cref="WithInteractions"/>; 0 when there are none.</summary>
    [Id(4)] public double RecallAtK { get; init; }

    /// <summary>Harmonic mean of <see cref="PrecisionAtK"/> and <see cref="RecallAtK"/>; 0 when both are 0.</summary>
    [Id(5)] public double F1 { get; init; }

    /// <summary><see cref="HitImpressions"/> / <see cref="Impressions"/>; 0 with no impressions.</summary>
    [Id(6)] public double HitRate { get; init; }
}
