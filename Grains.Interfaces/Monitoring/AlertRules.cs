using System.Globalization;
using System.Text.RegularExpressions;
namespace Orleans.Rec.Monitoring;

/// <summary>The built-in rules, rule validation and the names rules are written with on the API.</summary>
public static partial class AlertRules
{
    /// <summary>The longest window a rule may have (a day).</summary>
    public const int MaxWindowSeconds = 86_400;

    /// <summary>The most rules of its own a model may have.</summary>
    public const int MaxRulesPerModel = 100;

    /// <summary>Windows before a <see cref="AlertMetric.ThroughputRatio"/> rule's window that make its baseline.</summary>
    public const int ThroughputBaselineWindows = 3;

    /// <summary>
    /// Every model gets these unless deleted (docs/monitoring-reference.md explains each default). The first three are
    /// mirrored exactly by infra/prometheus (p99 latency over 250 ms, error ratio over 5 %, shed ratio over 1 %, each
    /// over 5 minutes), as are <c>kafka-lag</c>, <c>cpu</c>, <c>gc-pause</c>, <c>thread-pool-queue</c> and
    /// <c>dead-letter-rate</c> (per process there).
    /// </summary>
    public static IReadOnlyList<AlertRule> BuiltIn { get; } =
    [
        new() { Id = "p99-latency", Metric = AlertMetric.P99LatencyMs, Comparison = AlertComparison.GreaterThan, Threshold = 250, WindowSeconds = 300, Severity = AlertSeverity.Warning, BuiltIn = true },
        new() { Id = "error-ratio", Metric = AlertMetric.ErrorRatio, Comparison = AlertComparison.GreaterThan, Threshold = 0.05, WindowSeconds = 300, Severity = AlertSeverity.Critical, BuiltIn = true },
        new() { Id = "shed-ratio", Metric = AlertMetric.ShedRatio, Comparison = AlertComparison.GreaterThan, Threshold = 0.01, WindowSeconds = 300, Severity = AlertSeverity.Warning, BuiltIn = true },
        new() { Id = "recall-at-k", Metric = AlertMetric.RecallAtK, Comparison = AlertComparison.LessThan, Threshold = 0.01, WindowSeconds = 900, Severity = AlertSeverity.Warning, BuiltIn = true },
        new() { Id = "f1", Metric = AlertMetric.F1, Comparison = AlertComparison.LessThan, Threshold = 0.01, WindowSeconds = 900, Severity = AlertSeverity.Warning, BuiltIn = true },
        new() { Id = "throughput-drop", Metric = AlertMetric.ThroughputRatio, Comparison = AlertComparison.LessThan, Threshold = 0.5, WindowSeconds = 300, Severity = AlertSeverity.Warning, BuiltIn = true },
        new() { Id = "readiness", Metric = AlertMetric.ReadySilosFraction, Comparison = AlertComparison.LessThan, Threshold = 1, WindowSeconds = 120, Severity = AlertSeverity.Critical, BuiltIn = true },
        new() { Id = "kafka-lag", Metric = AlertMetric.KafkaLag, Comparison = AlertComparison.GreaterThan, Threshold = 100_000, WindowSeconds = 300, Severity = AlertSeverity.Warning, BuiltIn = true },
        new() { Id = "dead-letter-rate", Metric = AlertMetric.DeadLetterRate, Comparison = AlertComparison.GreaterThan, Threshold = 0.1, WindowSeconds = 300, Severity = AlertSeverity.Warning, BuiltIn = true },
        new() { Id = "cpu", Metric = AlertMetric.CpuUtilization, Comparison = AlertComparison.GreaterThan, Threshold = 0.9, WindowSeconds = 300, Severity = AlertSeverity.Warning, BuiltIn = true },
        new() { Id = "memory", Metric = AlertMetric.MemoryRatio, Comparison = AlertComparison.GreaterThan, Threshold = 0.9, WindowSeconds = 60, Severity = AlertSeverity.Critical, BuiltIn = true },
        new() { Id = "gc-pause", Metric = AlertMetric.GcPauseRatio, Comparison = AlertComparison.GreaterThan, Threshold = 0.1, WindowSeconds = 300, Severity = AlertSeverity.Warning, BuiltIn = true },
        new() { Id = "thread-pool-queue", Metric = AlertMetric.ThreadPoolQueue, Comparison = AlertComparison.GreaterThan, Threshold = 100, WindowSeconds = 120, Severity = AlertSeverity.Warning, BuiltIn = true },
    ];

    /// <summary>The metric names of the API, camelCase.</summary>
    public static IReadOnlyDictionary<string, AlertMetric> Metrics { get; } = new Dictionary<string, AlertMetric>(StringComparer.Ordinal)
    {
        ["p99LatencyMs"] = AlertMetric.P99LatencyMs,
        ["errorRatio"] = AlertMetric.ErrorRatio,
        ["shedRatio"] = AlertMetric.ShedRatio,
        ["precisionAtK"] = AlertMetric.PrecisionAtK,
        ["hitRate"] = AlertMetric.HitRate,
        ["ingestLag"] = AlertMetric.IngestLag,
        ["recallAtK"] = AlertMetric.RecallAtK,
        ["f1"] = AlertMetric.F1,
        ["throughputRatio"] = AlertMetric.ThroughputRatio,
        ["readySilosFraction"] = AlertMetric.ReadySilosFraction,
        ["kafkaLag"] = AlertMetric.KafkaLag,
        ["deadLetterRate"] = AlertMetric.DeadLetterRate,
        ["cpuUtilization"] = AlertMetric.CpuUtilization,
        ["memoryRatio"] = AlertMetric.MemoryRatio,
        ["gcPauseRatio"] = AlertMetric.GcPauseRatio,
        ["threadPoolQueue"] = AlertMetric.ThreadPoolQueue,
    };

    /// <summary>
    /// Whether a metric belongs to the silos (process resources, Kafka ingest) rather than to a version: its alerts
    /// have version 0 and name the silo; such a rule takes no version and no control comparison.
    /// </summary>
    public static bool IsSiloMetric(AlertMetric metric) => metric is AlertMetric.KafkaLag or AlertMetric.DeadLetterRate
        or AlertMetric.CpuUtilization or AlertMetric.MemoryRatio or AlertMetric.GcPauseRatio or AlertMetric.ThreadPoolQueue;

    /// <summary>The API name of a metric.</summary>
    public static string NameOf(AlertMetric metric) => Metrics.First(m => m.Value == metric).Key;

    /// <summary>The API name of a comparison: <c>&gt;</c> or <c>&lt;</c>.</summary>
    public static string NameOf(AlertComparison comparison) => comparison == AlertComparison.GreaterThan ? ">" : "<";

    /// <summary>The API name of a severity, lower case.</summary>
    public static string NameOf(AlertSeverity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>A comparison from <c>&gt;</c>, <c>gt</c>, <c>&lt;</c> or <c>lt</c>; null otherwise.</summary>
    public static AlertComparison? ParseComparison(string? text) => text switch
    {
        ">" or "gt" => AlertComparison.GreaterThan,
        "<" or "lt" => AlertComparison.LessThan,
        _ => null,
    };

    /// <summary>A severity from <c>info</c>, <c>warning</c> or <c>critical</c>; null otherwise.</summary>
    public static AlertSeverity? ParseSeverity(string? text) => text switch
    {
        "info" => AlertSeverity.Info,
        "warning" => AlertSeverity.Warning,
        "critical" => AlertSeverity.Critical,
        _ => null,
    };

    /// <summary>Whether a rule id is 1-64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>Every problem with a rule, keyed by its field (empty when valid).</summary>
    public static Dictionary<string, string[]> Problems(AlertRule rule)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!IsValidId(rule.Id))
        {
            problems["id"] = ["must be 1-64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit"];
        }

        if (!double.IsFinite(rule.Threshold))
        {
            problems["threshold"] = ["must be a finite number"];
        }

        if (rule.WindowSeconds is < 1 or > MaxWindowSeconds)
        {
            problems["windowSeconds"] = [string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {MaxWindowSeconds}")];
        }

        if (rule.Version is < 1)
        {
            problems["version"] = ["must be a positive version number"];
        }

        if (rule.WebhookUrl is { } url && !IsWebhookUrl(url))
        {
            problems["webhookUrl"] = ["must be an absolute http or https URL"];
        }

        if (!Enum.IsDefined(rule.Metric))
        {
            problems["metric"] = ["must be one of " + string.Join(", ", Metrics.Keys)];
        }
        else if (IsSiloMetric(rule.Metric))
        {
            if (rule.Version is not null)
            {
                problems.TryAdd("version", [$"must be absent: {NameOf(rule.Metric)} belongs to the silos, not to a version"]);
            }

            if (rule.CompareWithControl || rule.AutoRollback)
            {
                problems["compareWithControl"] = [$"compareWithControl and autoRollback need a version metric; {NameOf(rule.Metric)} belongs to the silos"];
            }
        }

        return problems;
    }

    /// <summary>Whether a webhook URL is an absolute http or https URL.</summary>
    public static bool IsWebhookUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>A webhook URL as it may be shown or logged: scheme, host and port only (paths and queries often hold tokens).</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + (uri.PathAndQuery.Length > 1 ? "/…" : "") : "(invalid)";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}\\z")]
    private static partial Regex IdPattern();
}
