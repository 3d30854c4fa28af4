using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Alerts;

/// <summary>A rule's metric over the history samples of its window.</summary>
public static class AlertEvaluation
{
    /// <summary>The share of a throughput baseline's span that must have been sampled for the baseline to count.</summary>
    public const double BaselineCoverage = 0.9;

    /// <summary>
    /// The metric's value over <paramref name="window"/> (oldest first); null when the window has no data for it.
    /// <see cref="AlertMetric.ThroughputRatio"/> needs samples before the window (<see cref="ThroughputRatio"/>) and
    /// silo metrics need the silos' reads (<see cref="SiloValue"/>): both are null here.
    /// </summary>
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
            AlertMetric.RecallAtK => window[^1].RecallAtK,
            AlertMetric.F1 => F1(window[^1].PrecisionAtK, window[^1].RecallAtK),
            AlertMetric.ReadySilosFraction => window.Max(s => s.SilosActive == 0 ? 0 : (double)s.SilosLoaded / s.SilosActive),
            _ => null,
        };
    }

    /// <summary>The F1 of precision and recall (0 when both are 0); null when either is unknown.</summary>
    public static double? F1(double? precision, double? recall) => (precision, recall) switch
    {
        (double p, double r) when p + r > 0 => 2 * p * r / (p + r),
        (double, double) => 0,
        _ => null,
    };

    /// <summary>
    /// Answered requests per second over the window (the <paramref name="windowSeconds"/> before
    /// <paramref name="now"/>) divided by the rate over the <see cref="AlertRules.ThroughputBaselineWindows"/> windows
    /// before it. Null when the window has no sample, when the baseline's samples cover less than
    /// <see cref="BaselineCoverage"/> of its span (a version serving for a short time has no baseline yet) or when the
    /// baseline served nothing. Rates divide by the sampled seconds, so a missed sample does not look like a drop.
    /// </summary>
    public static double? ThroughputRatio(IReadOnlyList<HistorySample> samples, DateTimeOffset now, int windowSeconds)
    {
        var windowStart = now - TimeSpan.FromSeconds(windowSeconds);
        var baselineStart = windowStart - TimeSpan.FromSeconds((double)windowSeconds * AlertRules.ThroughputBaselineWindows);
        var window = samples.Where(s => s.At > windowStart && s.At <= now).ToArray();
        var baseline = samples.Where(s => s.At > baselineStart && s.At <= windowStart).ToArray();
        var windowSampled = window.Sum(s => s.IntervalSeconds);
        var baselineSeconds = baseline.Sum(s => s.IntervalSeconds);
        if (window.Length == 0 || windowSampled <= 0 || baselineSeconds < BaselineCoverage * windowSeconds * AlertRules.ThroughputBaselineWindows)
        {
            return null;
        }

        var baselineRate = baseline.Sum(s => s.Requests) / baselineSeconds;
        return baselineRate > 0 ? window.Sum(s => s.Requests) / windowSampled / baselineRate : null;
    }

    /// <summary>
    /// A silo metric over the silos' reads in the window (oldest first) and the silo it comes from (the worst one;
    /// null for <see cref="AlertMetric.DeadLetterRate"/>, a sum over silos); null when there is no data for it (rates
    /// need two reads of a silo).
    /// </summary>
    public static (double? Value, string? Silo) SiloValue(AlertMetric metric, IReadOnlyList<SiloResources> window)
    {
        var perSilo = window.GroupBy(r => r.Silo, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.At).ToArray()).ToArray();
        switch (metric)
        {
            case AlertMetric.KafkaLag:
                // The most lagging partition at each sample, then the least of those: lag that lasted the whole window.
                var perSample = window.Where(r => r.KafkaLag is not null).GroupBy(r => r.At).Select(g => g.MaxBy(r => r.KafkaLag!.Value)!).ToArray();
                var least = perSample.MinBy(r => r.KafkaLag!.Value);
                return least is null ? (null, null) : (least.KafkaLag, least.Silo);
            case AlertMetric.DeadLetterRate:
                var rates = perSilo.Where(r => Seconds(r) > 0).Select(r => Math.Max(0, r[^1].DeadLetters - r[0].DeadLetters) / Seconds(r)).ToArray();
                return rates.Length == 0 ? (null, null) : (rates.Sum(), null);
            case AlertMetric.CpuUtilization:
                return Worst(perSilo.Where(r => Seconds(r) > 0 && r[^1].ProcessorCount > 0), r => Math.Max(0, r[^1].CpuSeconds - r[0].CpuSeconds) / (Seconds(r) * r[^1].ProcessorCount));
            case AlertMetric.GcPauseRatio:
                return Worst(perSilo.Where(r => Seconds(r) > 0), r => Math.Max(0, r[^1].GcPauseSeconds - r[0].GcPauseSeconds) / Seconds(r));
            case AlertMetric.MemoryRatio:
                return Worst(perSilo.Where(r => r[^1].AvailableMemoryBytes > 0), r => (double)r[^1].WorkingSetBytes / r[^1].AvailableMemoryBytes);
            case AlertMetric.ThreadPoolQueue:
                return Worst(perSilo, r => r.Average(x => (double)x.ThreadPoolQueueLength));
            default:
                return (null, null);
        }
    }

    /// <summary>Whether <paramref name="value"/> breaches the rule; no data never does.</summary>
    public static bool Breaches(AlertRule rule, double? value) => value is double v &&
        (rule.Comparison == AlertComparison.GreaterThan ? v > rule.Threshold : v < rule.Threshold);

    private static double Seconds(SiloResources[] reads) => (reads[^1].At - reads[0].At).TotalSeconds;

    private static (double? Value, string? Silo) Worst(IEnumerable<SiloResources[]> perSilo, Func<SiloResources[], double> value)
    {
        var worst = perSilo.Select(r => (Value: value(r), r[0].Silo)).OrderByDescending(x => x.Value).ThenBy(x => x.Silo, StringComparer.Ordinal).ToArray();
        return worst.Length == 0 ? (null, null) : (worst[0].Value, worst[0].Silo);
    }
}
