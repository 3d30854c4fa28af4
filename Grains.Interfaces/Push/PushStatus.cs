namespace Orleans.Rec.Push;

/// <summary>Push mode on one silo since it started: the models that push there and what it published.</summary>
[GenerateSerializer, Immutable, Alias("rec.PushStatus")]
public sealed record PushStatus
{
    /// <summary>The silo (its address).</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>Models with a version in push mode loaded on this silo, by name.</summary>
    [Id(1)] public string[] Models { get; init; } = [];

    /// <summary>Lists published to the recommendations topic.</summary>
    [Id(2)] public long Published { get; init; }

    /// <summary>Events that joined a burst already waiting for its list: lists skipped by debounce.</summary>
    [Id(3)] public long Debounced { get; init; }

    /// <summary>Publish attempts that failed (the burst keeps waiting and is retried).</summary>
    [Id(4)] public long Failed { get; init; }

    /// <summary>Users whose burst waits for its list now.</summary>
    [Id(5)] public int Pending { get; init; }

    /// <summary>The most users that may wait for a list at once before event delivery waits (<c>Rec:Push:MaxPendingUsers</c>).</summary>
    [Id(6)] public int MaxPending { get; init; }

    /// <summary>Published lists per <see cref="LatencyBuckets"/> bucket of latency from the trigger event to the publish.</summary>
    [Id(7)] public long[] LatencyBuckets { get; init; } = [];

    /// <summary>
    /// The <paramref name="quantile"/> of latency in <paramref name="buckets"/> (counts per <see cref="Inference.LatencyBuckets"/>
    /// bucket), as the upper bound of the bucket it falls in; null when nothing was counted, the last bound for the overflow.
    /// </summary>
    public static double? Percentile(IReadOnlyList<long> buckets, double quantile)
    {
        var total = buckets.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        var bounds = Inference.LatencyBuckets.BoundsMs;
        long seen = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            seen += buckets[i];
            if (seen >= rank)
            {
                return bounds[Math.Min(i, bounds.Count - 1)];
            }
        }

        return bounds[^1];
    }
}
