namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/alerts</c> and <c>GET /v1/models/{model}/alerts</c>: newest first.</summary>
public sealed record AlertsResponse(IReadOnlyList<AlertResponse> Alerts);
