using Orleans.Rec.Alerts;
using Orleans.Rec.Inference;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>A rule's metric over the samples of its window, and when it breaches.</summary>
public sealed class AlertEvaluationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Value_WhenWindowHasSeveralSamples_PoolsCountsRatherThanAveragingRatios()
    {
        HistorySample[] window =
        [
            Sample(-20, requests: 90, shed: 10, expired: 0, failed: 0, bucket: 4),
            Sample(-10, requests: 5, shed: 0, expired: 3, failed: 2, bucket: 13),
        ];

        Assert.Equal(10.0 / 110, AlertEvaluation.Value(AlertMetric.ShedRatio, window, Now));
        Assert.Equal(5.0 / 110, AlertEvaluation.Value(AlertMetric.ErrorRatio, window, Now));
        // 95 answered: 90 in (0.5, 1] ms, 5 in (256, 512] ms; rank 94.05 falls in the slow bucket.
        Assert.Equal(256 + (256 * 4.05 / 5), AlertEvaluation.Value(AlertMetric.P99LatencyMs, window, Now)!.Value, 9);
        Assert.Equal(0.25, AlertEvaluation.Value(AlertMetric.HitRate, window, Now));
        Assert.Equal(10, AlertEvaluation.Value(AlertMetric.IngestLag, window, Now));
    }

    [Fact]
    public void Value_WhenWindowHasNoAttempts_IsNullAndNeverBreaches()
    {
        HistorySample[] window = [Sample(-5, requests: 0, shed: 0, expired: 0, failed: 0, bucket: 0)];
        var rule = new AlertRule { Id = "e", Metric = AlertMetric.ErrorRatio, Comparison = AlertComparison.LessThan, Threshold = 1, WindowSeconds = 60, Severity = AlertSeverity.Info };

        var value = AlertEvaluation.Value(AlertMetric.ErrorRatio, window, Now);

        Assert.Null(value);
        Assert.Null(AlertEvaluation.Value(AlertMetric.P99LatencyMs, window, Now));
        Assert.False(AlertEvaluation.Breaches(rule, value));
        Assert.True(AlertEvaluation.Breaches(rule, 0.5));
        Assert.False(AlertEvaluation.Breaches(rule with { Comparison = AlertComparison.GreaterThan }, 0.5));
    }

    private static HistorySample Sample(int secondsAgo, long requests, long shed, long expired, long failed, int bucket)
    {
        var buckets = new long[LatencyBuckets.Count];
        buckets[bucket] = requests;
        return new HistorySample
        {
            At = Now.AddSeconds(secondsAgo),
            IntervalSeconds = 10,
            Requests = requests,
            Batches = requests,
            Shed = shed,
            Expired = expired,
            Failed = failed,
            LatencyBuckets = buckets,
            HitRate = 0.25,
            PrecisionAtK = 0.1,
            RecallAtK = 0.2,
            Impressions = 4,
        };
    }
}
