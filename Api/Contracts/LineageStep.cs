using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Contracts;

/// <summary>One version in a lineage: what it is, what it was made from and how, and the data it was trained on.</summary>
public sealed record LineageStep(
    int Version,
    ModelVersionState State,
    int? Parent,
    string? Relation,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string ArtifactSha256,
    LineageData? Data)
{
    public static LineageStep From(ModelVersionInfo info) => new(
        info.Version,
        info.State,
        info.Parent,
        info.Relation,
        info.CreatedAt,
        info.CreatedBy,
        info.ArtifactSha256,
        info.Training is { } t ? new LineageData(t.Source, t.DataSha256, t.DataFrom, t.DataTo, t.Events) : null);
}
