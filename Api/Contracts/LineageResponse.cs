namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/models/{model}/versions/{version}/lineage</c>: the version first, then each parent to the root.</summary>
public sealed record LineageResponse(string Model, int Version, int Root, IReadOnlyList<LineageStep> Chain);
