namespace Orleans.Rec.Inference;

/// <summary>
/// The latency histogram buckets shared by the <c>Orleans.Rec</c> meter and the per-silo bucket counts of
/// <see cref="LoadedVersionStatus.LatencyBuckets"/>, so that percentiles over an interval can be computed from
/// bucket-count deltas exactly as Prometheus' <c>histogram_quantile</c> does.
/// </summary>
public static class LatencyBuckets
{
    /// <summary>Upper bounds (inclusive) in milliseconds, sub-millisecond to seconds; a last, unbounded bucket follows.</summary>
    public static IReadOnlyList<double> BoundsMs { get; } = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 5000];

    /// <summary>Buckets counted: one per bound plus the overflow bucket.</summary>
    public static int Count => BoundsMs.Count + 1;

    /// <summary>The bucket a latency falls in: the first bound it does not exceed, or the overflow bucket.</summary>
    public static int IndexOf(double milliseconds)
    {
        var bounds = BoundsMs;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (milliseconds <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Count;
    }
}
