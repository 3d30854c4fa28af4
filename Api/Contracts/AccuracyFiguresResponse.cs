using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Contracts;

/// <summary>Online accuracy over closed attribution windows (see README, "Online accuracy").</summary>
/// <param name="Impressions">Impressions whose window closed.</param>
/// <param name="WithInteractions">Of those, impressions whose window holds an interaction (recall is averaged over these).</param>
/// <param name="HitImpressions">Impressions with at least one hit.</param>
/// <param name="PrecisionAtK">Mean hits / k.</param>
/// <param name="RecallAtK">Mean hits / distinct items interacted with.</param>
/// <param name="F1">Harmonic mean of the two means.</param>
/// <param name="HitRate">HitImpressions / Impressions.</param>
public sealed record AccuracyFiguresResponse(long Impressions, long WithInteractions, long HitImpressions, double PrecisionAtK, double RecallAtK, double F1, double HitRate)
{
    public static AccuracyFiguresResponse From(AccuracyFigures f) =>
        new(f.Impressions, f.WithInteractions, f.HitImpressions, f.PrecisionAtK, f.RecallAtK, f.F1, f.HitRate);
}
