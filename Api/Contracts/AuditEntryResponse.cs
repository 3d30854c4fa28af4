namespace Orleans.Rec.Api.Contracts;

/// <summary>One audited change to a model.</summary>
public sealed record AuditEntryResponse(long Sequence, DateTimeOffset At, string Actor, string Action, int? Version, string Detail);
