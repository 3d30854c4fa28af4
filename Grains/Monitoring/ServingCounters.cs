using Orleans.Rec.Inference;

namespace Orleans.Rec.Monitoring;

/// <summary>The cumulative counters of one version on one silo that a history sample takes deltas of.</summary>
internal sealed record ServingCounters(long Requests, long Batches, long Shed, long Expired, long Failed, long[] LatencyBuckets, long Cold)
{
    public static ServingCounters Zero { get; } = new(0, 0, 0, 0, 0, new long[Inference.LatencyBuckets.Count], 0);

    /// <summary>A silo's counters less its warm-up run, which no caller waited for.</summary>
    public static ServingCounters Of(LoadedVersionStatus status) => new(
        status.Requests - status.WarmUpRequests,
        status.Batches - status.WarmUpBatches,
        status.Shed,
        status.Expired,
        status.Failed,
        status.LatencyBuckets,
        status.ColdRequests);

    /// <summary>What was counted since <paramref name="earlier"/> (never negative).</summary>
    public ServingCounters Since(ServingCounters earlier)
    {
        var buckets = new long[Inference.LatencyBuckets.Count];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Math.Max(0, At(LatencyBuckets, i) - At(earlier.LatencyBuckets, i));
        }

        return new(
            Math.Max(0, Requests - earlier.Requests),
            Math.Max(0, Batches - earlier.Batches),
            Math.Max(0, Shed - earlier.Shed),
            Math.Max(0, Expired - earlier.Expired),
            Math.Max(0, Failed - earlier.Failed),
            buckets,
            Math.Max(0, Cold - earlier.Cold));
    }

    public ServingCounters Plus(ServingCounters other) => new(
        Requests + other.Requests,
        Batches + other.Batches,
        Shed + other.Shed,
        Expired + other.Expired,
        Failed + other.Failed,
        LatencyPercentiles.Sum([LatencyBuckets, other.LatencyBuckets]),
        Cold + other.Cold);

    public long Attempts => Requests + Shed + Expired + Failed;

    private static long At(long[] counts, int i) => i < counts.Length ? counts[i] : 0;
}
