using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Alerts;

/// <summary>The JSON body of a fire or resolve notification (webhooks and the Kafka topic <c>alerts</c>).</summary>
public sealed record AlertPayload(
    string State,
    long Sequence,
    string Model,
    int Version,
    string RuleId,
    string Metric,
    string Comparison,
    double Threshold,
    int WindowSeconds,
    string Severity,
    double Value,
    double? ResolvedValue,
    DateTime FiredAt,
    DateTime? ResolvedAt,
    bool CompareWithControl,
    int? ControlVersion,
    bool RolledBack,
    string? Silo,
    ModelAnalysis? Analysis)
{
    public static AlertPayload From(Alert alert) => new(
        alert.State == AlertState.Firing ? "firing" : "resolved",
        alert.Sequence,
        alert.Model,
        alert.Version,
        alert.Rule.Id,
        AlertRules.NameOf(alert.Rule.Metric),
        AlertRules.NameOf(alert.Rule.Comparison),
        alert.Rule.Threshold,
        alert.Rule.WindowSeconds,
        AlertRules.NameOf(alert.Rule.Severity),
        alert.Value,
        alert.ResolvedValue,
        alert.FiredAt.UtcDateTime,
        alert.ResolvedAt?.UtcDateTime,
        alert.Rule.CompareWithControl,
        alert.ControlVersion,
        alert.RolledBack,
        alert.Silo,
        alert.Analysis);
}
