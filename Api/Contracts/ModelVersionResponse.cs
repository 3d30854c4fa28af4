using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Contracts;

/// <summary>One model version as operators see it; <c>parent</c> and <c>relation</c> are its lineage (what it was made from, and how).</summary>
public sealed record ModelVersionResponse(
    string Model,
    int Version,
    ModelVersionState State,
    bool Active,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ActivatedAt,
    long ArtifactBytes,
    string ArtifactSha256,
    int ItemCount,
    int HistoryLength,
    ModelSignature? Signature,
    TrainingInfo? Training,
    string? FailureReason,
    ArtifactManifestResponse? Manifest,
    CompressionReportResponse? Compression,
    int? Parent,
    string? Relation)
{
    public static ModelVersionResponse From(ModelVersionInfo info, int? activeVersion) => new(
        info.Model,
        info.Version,
        info.State,
        activeVersion == info.Version,
        info.CreatedAt,
        info.CreatedBy,
        info.ActivatedAt,
        info.ArtifactBytes,
        info.ArtifactSha256,
        info.ItemCount,
        info.HistoryLength,
        info.Signature,
        info.Training,
        info.FailureReason,
        ArtifactManifestResponse.From(info.Manifest),
        CompressionReportResponse.From(info.Compression),
        info.Parent,
        info.Relation);
}
