using Orleans.Rec.Inference;

namespace Orleans.Rec.Monitoring;

/// <summary>Percentiles from latency bucket counts, interpolated linearly within the bucket as Prometheus' <c>histogram_quantile</c> does.</summary>
public static class LatencyPercentiles
{
    /// <summary>
    /// The <paramref name="quantile"/> (0..1) of the requests counted in <paramref name="counts"/> (one count per
    /// <see cref="LatencyBuckets.BoundsMs"/> bucket plus overflow); null when nothing was counted. The first bucket
    /// starts at 0; a rank in the overflow bucket answers the last finite bound.
    /// </summary>
    public static double? Of(IReadOnlyList<long> counts, double quantile)
    {
        var bounds = LatencyBuckets.BoundsMs;
        var total = counts.Sum();
        if (total <= 0)
        {
            return null;
        }

        var rank = quantile * total;
        long below = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            var count = counts[i];
            if (count > 0 && below + count >= rank)
            {
                if (i >= bounds.Count)
                {
                    return bounds[^1];
                }

                var lower = i == 0 ? 0 : bounds[i - 1];
                return lower + ((bounds[i] - lower) * (rank - below) / count);
            }

            below += count;
        }

        return bounds[^1];
    }

    /// <summary>Bucket counts added together (arrays of different lengths are padded with zeros).</summary>
    public static long[] Sum(IEnumerable<long[]> counts)
    {
        var sum = new long[LatencyBuckets.Count];
        foreach (var c in counts)
        {
            for (var i = 0; i < Math.Min(c.Length, sum.Length); i++)
            {
                sum[i] += c[i];
            }
        }

        return sum;
    }
}
