namespace Orleans.Rec.Api.Contracts;

/// <summary>One side of a comparison: the version (manifest, training info) and how it serves.</summary>
public sealed record ComparedVersion(ModelVersionResponse Version, OnlineMetrics Online);
