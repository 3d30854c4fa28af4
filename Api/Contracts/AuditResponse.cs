namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/models/{model}/audit</c>: every change, oldest first.</summary>
public sealed record AuditResponse(string Model, IReadOnlyList<AuditEntryResponse> Entries);
