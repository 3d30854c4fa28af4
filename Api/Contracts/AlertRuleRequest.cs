namespace Orleans.Rec.Api.Contracts;

/// <summary>Body of <c>POST /v1/models/{model}/alerts/rules</c>.</summary>
/// <param name="Id">The rule's id (a-z, 0-9, '.', '_', '-'); generated when absent.</param>
/// <param name="Metric">
/// <c>p99LatencyMs</c>, <c>errorRatio</c>, <c>shedRatio</c>, <c>precisionAtK</c>, <c>recallAtK</c>, <c>f1</c>, <c>hitRate</c>,
/// <c>ingestLag</c>, <c>throughputRatio</c>, <c>readySilosFraction</c>; silo metrics (no version): <c>kafkaLag</c>,
/// <c>deadLetterRate</c>, <c>cpuUtilization</c>, <c>memoryRatio</c>, <c>gcPauseRatio</c>, <c>threadPoolQueue</c>
/// (docs/monitoring-reference.md).
/// </param>
/// <param name="Comparison"><c>&gt;</c> or <c>&lt;</c> (also <c>gt</c>, <c>lt</c>).</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="WindowSeconds">Window the metric is computed over (1..86400; default 300).</param>
/// <param name="Severity"><c>info</c>, <c>warning</c> (default) or <c>critical</c>.</param>
/// <param name="Version">The version watched; absent: every version with traffic.</param>
/// <param name="CompareWithControl">The threshold applies to canary − control (control: the active version).</param>
/// <param name="AutoRollback">On firing for a canary of a split, end the split.</param>
/// <param name="WebhookUrl">A webhook for this rule's notifications (absolute http/https).</param>
public sealed record AlertRuleRequest(
    string? Id,
    string? Metric,
    string? Comparison,
    double? Threshold,
    int? WindowSeconds,
    string? Severity,
    int? Version,
    bool? CompareWithControl,
    bool? AutoRollback,
    string? WebhookUrl);
