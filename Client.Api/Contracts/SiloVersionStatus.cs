using Orleans.Rec.Inference;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Contracts;

/// <summary>One silo's view of a version.</summary>
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
    DateTimeOffset LoadedAt)
{
    public static SiloVersionStatus From(LoadedVersionStatus s) =>
        new(s.Silo, s.Device, s.ConfigRevision, s.Batching, s.Runners, s.Queued, s.Requests, s.Batches, s.MeanBatchSize, s.Shed, s.Expired, s.LoadedAt);
}
