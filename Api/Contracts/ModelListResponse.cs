namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/models</c>: the models that have served (activated or given a traffic split), by name.</summary>
public sealed record ModelListResponse(IReadOnlyList<ModelSummaryResponse> Models);
