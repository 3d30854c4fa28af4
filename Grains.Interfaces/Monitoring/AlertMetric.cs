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

    /// <summary>Cumulative online recall@k at the newest sample of the window.</summary>
    RecallAtK,

    /// <summary>F1 of the cumulative online precision@k and recall@k at the newest sample of the window.</summary>
    F1,

    /// <summary>
    /// Answered requests per second in the window divided by the rate over the <see cref="AlertRules.ThroughputBaselineWindows"/>
    /// windows before it (the baseline); no value while the baseline is less than 90 % sampled or served nothing.
    /// </summary>
    ThroughputRatio,

    /// <summary>The best, over the window's samples, of the share of active silos that had the version loaded and warm.</summary>
    ReadySilosFraction,

    /// <summary>Kafka consumer lag (messages of the most lagging partition, any silo), the least over the window's samples: lag sustained for the whole window.</summary>
    KafkaLag,

    /// <summary>Messages sent to the dead-letter topic per second over the window, summed over the silos.</summary>
    DeadLetterRate,

    /// <summary>Process CPU time over wall time × processors over the window (0..1), on the busiest silo.</summary>
    CpuUtilization,

    /// <summary>Working set over the memory available to the process (its limit, or the machine's), newest sample, on the fullest silo.</summary>
    MemoryRatio,

    /// <summary>Time paused by garbage collection over wall time over the window (0..1), on the worst silo.</summary>
    GcPauseRatio,

    /// <summary>Mean thread-pool queue length (work items waiting) over the window's samples, on the worst silo.</summary>
    ThreadPoolQueue,
}
