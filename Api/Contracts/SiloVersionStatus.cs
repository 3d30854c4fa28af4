using Orleans.Rec.Inference;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Contracts;

/// <summary>
/// One silo's view of a version; <c>latencyBuckets</c> counts answered requests per latency bucket
/// (<c>latencyBucketBoundsMs</c>, then overflow) since load, batcher entry to result. <c>oneRequestPerRun</c>: the
/// model's batch dimension is fixed to 1, so it is served without batching (<c>batching</c> shows the batches of one in force).
/// </summary>
public sealed record SiloVersionStatus(
    string Silo,
    string Device,
    int ConfigRevision,
    BatchingConfig Batching,
    int Runners,
    int Queued,
    long Requests,
    long Batches,
    double MeanBatchSize,
    long Shed,
    long Expired,
    DateTimeOffset LoadedAt,
    long Failed,
    DateTimeOffset? ReadyAt,
    double LoadMilliseconds,
    IReadOnlyList<long> LatencyBuckets,
    IReadOnlyList<double> LatencyBucketBoundsMs,
    bool OneRequestPerRun)
{
    public static SiloVersionStatus From(LoadedVersionStatus s) =>
        new(s.Silo, s.Device, s.ConfigRevision, s.Batching, s.Runners, s.Queued, s.Requests, s.Batches, s.MeanBatchSize, s.Shed, s.Expired, s.LoadedAt,
            s.Failed, s.ReadyAt, s.LoadMilliseconds, s.LatencyBuckets, Inference.LatencyBuckets.BoundsMs, s.OneRequestPerRun);
}
