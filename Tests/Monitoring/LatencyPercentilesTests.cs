using Orleans.Rec.Inference;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>Interval percentiles from bucket-count deltas, interpolated within the bucket like Prometheus' histogram_quantile.</summary>
public sealed class LatencyPercentilesTests
{
    [Fact]
    public void Of_WhenAllRequestsInOneBucket_InterpolatesLinearlyWithinIt()
    {
        var counts = Counts((4, 10)); // ten requests in (0.5, 1] ms

        Assert.Equal(0.75, LatencyPercentiles.Of(counts, 0.50)!.Value, 12);
        Assert.Equal(0.975, LatencyPercentiles.Of(counts, 0.95)!.Value, 12);
        Assert.Equal(0.995, LatencyPercentiles.Of(counts, 0.99)!.Value, 12);
    }

    [Fact]
    public void Of_WhenRequestsSpanBuckets_PicksTheBucketOfTheRank()
    {
        // 90 requests in [0, 0.05], 9 in (2, 4], 1 in (256, 512].
        var counts = Counts((0, 90), (6, 9), (13, 1));

        Assert.Equal(0.05 * 50 / 90, LatencyPercentiles.Of(counts, 0.50)!.Value, 12);
        Assert.Equal(2 + (2 * 5.0 / 9), LatencyPercentiles.Of(counts, 0.95)!.Value, 12);
        Assert.Equal(4, LatencyPercentiles.Of(counts, 0.99)!.Value, 12);
        Assert.Equal(512, LatencyPercentiles.Of(counts, 1.0)!.Value, 12);
    }

    [Fact]
    public void Of_WhenRankFallsInTheOverflowBucket_AnswersTheLastBound()
    {
        var counts = Counts((17, 3));

        Assert.Equal(5000, LatencyPercentiles.Of(counts, 0.5));
    }

    [Fact]
    public void Of_WhenNothingCounted_IsNull()
    {
        Assert.Null(LatencyPercentiles.Of(new long[LatencyBuckets.Count], 0.99));
    }

    [Fact]
    public void Since_WhenCountersGrew_IsTheDeltaWithoutWarmUp()
    {
        var earlier = ServingCounters.Of(Status(requests: 40, batches: 2, shed: 1, buckets: Counts((3, 5))));
        var later = ServingCounters.Of(Status(requests: 52, batches: 5, shed: 4, buckets: Counts((3, 9), (5, 8))));

        var delta = later.Since(earlier);

        Assert.Equal(12, delta.Requests);
        Assert.Equal(3, delta.Batches);
        Assert.Equal(3, delta.Shed);
        Assert.Equal(Counts((3, 4), (5, 8)), delta.LatencyBuckets);
        Assert.Equal(20, ServingCounters.Of(Status(requests: 52, batches: 5, shed: 0, buckets: [])).Since(ServingCounters.Zero).Requests);
    }

    [Fact]
    public void LatencyBuckets_IndexOf_IsTheFirstBoundNotExceeded()
    {
        Assert.Equal(0, LatencyBuckets.IndexOf(0));
        Assert.Equal(0, LatencyBuckets.IndexOf(0.05));
        Assert.Equal(1, LatencyBuckets.IndexOf(0.051));
        Assert.Equal(12, LatencyBuckets.IndexOf(250));
        Assert.Equal(17, LatencyBuckets.IndexOf(5000.1));
    }

    private static long[] Counts(params (int Bucket, long Count)[] counts)
    {
        var result = new long[LatencyBuckets.Count];
        foreach (var (bucket, count) in counts)
        {
            result[bucket] = count;
        }

        return result;
    }

    private static LoadedVersionStatus Status(long requests, long batches, long shed, long[] buckets) => new()
    {
        Silo = "s",
        Model = "m",
        Version = 1,
        Device = "cpu",
        Batching = new Models.BatchingConfig(),
        Requests = requests,
        Batches = batches,
        Shed = shed,
        WarmUpRequests = 32,
        WarmUpBatches = 1,
        LatencyBuckets = buckets,
    };
}
