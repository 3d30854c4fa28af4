
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Contracts;

/// <summary>An alert rule as the API shows it; a webhook URL only as its scheme and host (paths often hold tokens).</summary>
public sealed record AlertRuleResponse(
    string Id,
    string Metric,
    string Comparison,
    double Threshold,
    int WindowSeconds,
    string Severity,
    int? Version,
    bool CompareWithControl,
    bool AutoRollback,
    string? WebhookUrl,
    bool BuiltIn)
{
    public static AlertRuleResponse From(AlertRule rule) => new(
        rule.Id,
        AlertRules.NameOf(rule.Metric),
        AlertRules.NameOf(rule.Comparison),
        rule.Threshold,
        rule.WindowSeconds,
        AlertRules.NameOf(rule.Severity),
        rule.Version,
        rule.CompareWithControl,
        rule.AutoRollback,
        rule.WebhookUrl is null ? null : AlertRules.Redact(rule.WebhookUrl),
        rule.BuiltIn);
}
