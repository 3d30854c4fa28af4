namespace Orleans.Rec.Monitoring;

/// <summary>
/// One version over one sampling interval, summed over the silos: what it served (from the deltas of the silos'
/// cumulative counters since the previous sample) and its cumulative online accuracy at the end of the interval.
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.HistorySample")]
public sealed record HistorySample
{
    /// <summary>The end of the interval.</summary>
    [Id(0)] public required DateTimeOffset At { get; init; }

    /// <summary>The interval's length in seconds (the time since the previous sample).</summary>
    [Id(1)] public required double IntervalSeconds { get; init; }

    /// <summary>Requests answered in the interval.</summary>
    [Id(2)] public long Requests { get; init; }

    /// <summary>ONNX Runtime runs (batches) in the interval.</summary>
    [Id(3)] public long Batches { get; init; }

    /// <summary>Requests refused because the queue was full.</summary>
    [Id(4)] public long Shed { get; init; }

    /// <summary>Requests dropped because their deadline passed while queued.</summary>
    [Id(5)] public long Expired { get; init; }

    /// <summary>Requests whose run failed.</summary>
    [Id(6)] public long Failed { get; init; }

    /// <summary>Answered requests per latency bucket (<see cref="Inference.LatencyBuckets"/>) in the interval.</summary>
    [Id(7)] public long[] LatencyBuckets { get; init; } = [];

    /// <summary>Median latency (batcher entry to result) in milliseconds, interpolated within its bucket; null with no requests.</summary>
    [Id(8)] public double? P50Ms { get; init; }

    /// <summary>95th percentile latency in milliseconds; null with no requests.</summary>
    [Id(9)] public double? P95Ms { get; init; }

    /// <summary>99th percentile latency in milliseconds; null with no requests.</summary>
    [Id(10)] public double? P99Ms { get; init; }

    /// <summary>Cumulative online precision@k; null while no attribution window has closed.</summary>
    [Id(11)] public double? PrecisionAtK { get; init; }

    /// <summary>Cumulative online recall@k; null while no attribution window has closed.</summary>
    [Id(12)] public double? RecallAtK { get; init; }

    /// <summary>Cumulative online hit-rate; null while no attribution window has closed.</summary>
    [Id(13)] public double? HitRate { get; init; }

    /// <summary>Impressions whose attribution window closed, cumulative.</summary>
    [Id(14)] public long Impressions { get; init; }

    /// <summary>Active silos that had the version loaded and warmed at the sample.</summary>
    [Id(15)] public int SilosLoaded { get; init; }

    /// <summary>Active silos at the sample.</summary>
    [Id(16)] public int SilosActive { get; init; }

    /// <summary>Requests in the interval with no history item the version knows (answered by the fallback).</summary>
    [Id(17)] public long ColdRequests { get; init; }

    /// <summary>cold / (answered + cold); 0 with neither.</summary>
    public double ColdShare => Requests + ColdRequests == 0 ? 0 : (double)ColdRequests / (Requests + ColdRequests);

    /// <summary>Requests that reached the version: answered, shed, expired or failed.</summary>
    public long Attempts => Requests + Shed + Expired + Failed;

    /// <summary>Answered requests per second over the interval.</summary>
    public double RequestsPerSecond => IntervalSeconds > 0 ? Requests / IntervalSeconds : 0;

    /// <summary>Requests per batch over the interval; 0 with no batch.</summary>
    public double MeanBatchSize => Batches == 0 ? 0 : (double)Requests / Batches;

    /// <summary>(expired + failed) / attempts; 0 with no attempt.</summary>
    public double ErrorRatio => Attempts == 0 ? 0 : (double)(Expired + Failed) / Attempts;

    /// <summary>shed / attempts; 0 with no attempt.</summary>
    public double ShedRatio => Attempts == 0 ? 0 : (double)Shed / Attempts;
}
