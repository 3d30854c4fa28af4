using System.Globalization;

using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Contracts;

/// <summary>One alert: a rule firing for a version, and when it resolved.</summary>
/// <param name="Sequence">Increasing number within the model.</param>
/// <param name="Model">The model.</param>
/// <param name="Version">The version it fired for (a string, as in the metrics and history); "0" for a silo metric.</param>
/// <param name="RuleId">The rule.</param>
/// <param name="Metric">The rule's metric.</param>
/// <param name="Comparison"><c>&gt;</c> or <c>&lt;</c>.</param>
/// <param name="Threshold">The rule's threshold.</param>
/// <param name="WindowSeconds">The rule's window.</param>
/// <param name="Severity"><c>info</c>, <c>warning</c> or <c>critical</c>.</param>
/// <param name="State"><c>firing</c> or <c>resolved</c>.</param>
/// <param name="Value">The metric when it fired (canary − control with a control comparison).</param>
/// <param name="ResolvedValue">The metric when it resolved; null when there was no data any more.</param>
/// <param name="FiredAt">When it fired (UTC).</param>
/// <param name="ResolvedAt">When it resolved (UTC).</param>
/// <param name="ControlVersion">The control version compared with.</param>
/// <param name="RolledBack">Whether firing ended the version's traffic split.</param>
/// <param name="Silo">For a silo metric (version "0"), the silo whose figure fired it.</param>
/// <param name="Analysis">What got worse and its probable causes, ranked, as analysed when it fired (GET /v1/models/{model}/analysis).</param>
public sealed record AlertResponse(
    long Sequence,
    string Model,
    string Version,
    string RuleId,
    string Metric,
    string Comparison,
    double Threshold,
    int WindowSeconds,
    string Severity,
    string State,
    double Value,
    double? ResolvedValue,
    DateTime FiredAt,
    DateTime? ResolvedAt,
    int? ControlVersion,
    bool RolledBack,
    string? Silo,
    ModelAnalysis? Analysis)
{
    public static AlertResponse From(Alert alert) => new(
        alert.Sequence,
        alert.Model,
        alert.Version.ToString(CultureInfo.InvariantCulture),
        alert.Rule.Id,
        AlertRules.NameOf(alert.Rule.Metric),
        AlertRules.NameOf(alert.Rule.Comparison),
        alert.Rule.Threshold,
        alert.Rule.WindowSeconds,
        AlertRules.NameOf(alert.Rule.Severity),
        alert.State == AlertState.Firing ? "firing" : "resolved",
        alert.Value,
        alert.ResolvedValue,
        alert.FiredAt.UtcDateTime,
        alert.ResolvedAt?.UtcDateTime,
        alert.ControlVersion,
        alert.RolledBack,
        alert.Silo,
        alert.Analysis);
}
