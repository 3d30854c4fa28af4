using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Alerts;

/// <summary>A rule's metric over the history samples of its window.</summary>
public static class AlertEvaluation
{
    /// <summary>The metric's value over <paramref name="window"/> (oldest first); null when the window has no data for it.</summary>
    public static double? Value(AlertMetric metric, IReadOnlyList<HistorySample> window, DateTimeOffset now)
    {
        if (window.Count == 0)
        {
            return null;
        }

        var attempts = window.Sum(s => s.Attempts);
        return metric switch
        {
            AlertMetric.P99LatencyMs => LatencyPercentiles.Of(LatencyPercentiles.Sum(window.Select(s => s.LatencyBuckets)), 0.99),
            AlertMetric.ErrorRatio => attempts == 0 ? null : (double)window.Sum(s => s.Expired + s.Failed) / attempts,
            AlertMetric.ShedRatio => attempts == 0 ? null : (double)window.Sum(s => s.Shed) / attempts,
            AlertMetric.PrecisionAtK => window[^1].PrecisionAtK,
            AlertMetric.HitRate => window[^1].HitRate,
            AlertMetric.IngestLag => Math.Max(0, (now - window[^1].At).TotalSeconds),
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="value"/> breaches the rule; no data never does.</summary>
    public static bool Breaches(AlertRule rule, double? value) => value is double v &&
        (rule.Comparison == AlertComparison.GreaterThan ? v > rule.Threshold : v < rule.Threshold);
}
