namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/models/{model}/versions</c>.</summary>
public sealed record ModelVersionsResponse(string Model, int? ActiveVersion, IReadOnlyList<ModelVersionResponse> Versions);
