namespace Orleans.Rec.Monitoring;

/// <summary>What an alert rule watches, computed from the history samples in its window.</summary>
[GenerateSerializer, Alias("rec.AlertMetric")]
public enum AlertMetric
{
    /// <summary>99th percentile latency (ms) of the window's merged latency buckets.</summary>
    P99LatencyMs,

    /// <summary>(expired + failed) / attempts over the window.</summary>
    ErrorRatio,

    /// <summary>shed / attempts over the window.</summary>
    ShedRatio,

    /// <summary>Cumulative online precision@k at the newest sample of the window.</summary>
    PrecisionAtK,

    /// <summary>Cumulative online hit-rate at the newest sample of the window.</summary>
    HitRate,

    /// <summary>Seconds the newest history sample of the window lags behind now (the monitoring feed itself stalling).</summary>
    IngestLag,
}
