using System.Diagnostics.Metrics;

namespace Orleans.Rec.Diagnostics;

/// <summary>The project's meter, <c>Orleans.Rec</c>: what the inference path measures, tagged by model and version.</summary>
public static class RecMetrics
{
    public const string MeterName = "Orleans.Rec";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "rec.inference.batch_size", "{request}", "Requests scored by one ONNX Runtime run",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });

    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "rec.inference.queue_wait", "ms", "Time a request waited for its batch to start",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBucketsMs });

    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(
        "rec.inference.duration", "ms", "Duration of one ONNX Runtime run (one batch)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBucketsMs });

    public static readonly Histogram<double> Latency = Meter.CreateHistogram<double>(
        "rec.inference.latency", "ms", "Time from a request entering the batcher to its result (queue wait + run)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBucketsMs });

    /// <summary>Requests that got no result, tagged <c>kind</c>: <c>failed</c> (the run threw) or <c>expired</c> (deadline passed while queued).</summary>
    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("rec.inference.errors", "{request}", "Requests that got no result: the run failed or the deadline passed while queued");

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("rec.inference.requests", "{request}", "Requests scored");

    public static readonly Counter<long> Shed = Meter.CreateCounter<long>("rec.inference.shed", "{request}", "Requests refused because the queue was full");

    public static readonly Counter<long> Expired = Meter.CreateCounter<long>("rec.inference.expired", "{request}", "Requests dropped because their deadline passed while queued");

    public static readonly Counter<long> Impressions = Meter.CreateCounter<long>("rec.accuracy.impressions", "{impression}", "Impressions whose attribution window closed and was counted");

    /// <summary>
    /// Segment tails the log store moved to quarantine at open, tagged <c>kind</c>: <c>torn</c> (a crash's unfinished,
    /// never acknowledged write) or <c>corrupt</c> (a damaged record; acknowledged data may be in the quarantine file).
    /// </summary>
    public static readonly Counter<long> LogQuarantined = Meter.CreateCounter<long>("rec.storage.log.quarantined", "{segment_tail}", "Log segment tails moved to quarantine files at open");

    public static readonly Counter<long> Hits = Meter.CreateCounter<long>("rec.accuracy.hits", "{impression}", "Counted impressions with at least one hit");

    /// <summary>
    /// Registers the GPU instruments over <paramref name="gpu"/>: <c>rec.gpu.utilization</c> (0..1),
    /// <c>rec.gpu.memory.used</c> and <c>rec.gpu.memory.total</c> (bytes), tagged <c>gpu</c> (NVML's index). Called
    /// once per process, only where NVML found a device: without one these series do not exist (not zero).
    /// </summary>
    internal static void ObserveGpu(NvmlGpu gpu)
    {
        Meter.CreateObservableGauge("rec.gpu.utilization", () => gpu.Read().Select(r => new Measurement<double>(r.Utilization, Tag(r))), "1", "Share of NVML's last sample period the GPU was busy");
        Meter.CreateObservableGauge("rec.gpu.memory.used", () => gpu.Read().Select(r => new Measurement<long>(r.MemoryUsedBytes, Tag(r))), "By", "GPU memory in use");
        Meter.CreateObservableGauge("rec.gpu.memory.total", () => gpu.Read().Select(r => new Measurement<long>(r.MemoryTotalBytes, Tag(r))), "By", "GPU memory");

        static KeyValuePair<string, object?> Tag(GpuReading reading) => new("gpu", reading.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Sub-millisecond to seconds; the same buckets the silos count per version (<see cref="Inference.LatencyBuckets"/>).</summary>
    private static IReadOnlyList<double> LatencyBucketsMs => Inference.LatencyBuckets.BoundsMs;
}
