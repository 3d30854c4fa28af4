namespace Orleans.Rec.Monitoring;

/// <summary>An alert rule of one model: a metric, a comparison with a threshold over a window, and what firing does.</summary>
[GenerateSerializer, Immutable, Alias("rec.AlertRule")]
public sealed record AlertRule
{
    /// <summary>The rule's id within its model.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The metric watched.</summary>
    [Id(1)] public required AlertMetric Metric { get; init; }

    /// <summary>Above or below the threshold fires.</summary>
    [Id(2)] public required AlertComparison Comparison { get; init; }

    /// <summary>The threshold (of the difference canary − control with <see cref="CompareWithControl"/>).</summary>
    [Id(3)] public required double Threshold { get; init; }

    /// <summary>The window the metric is computed over, in seconds.</summary>
    [Id(4)] public required int WindowSeconds { get; init; }

    /// <summary>How urgent a firing is.</summary>
    [Id(5)] public required AlertSeverity Severity { get; init; }

    /// <summary>The version watched; null: every version with traffic in the window.</summary>
    [Id(6)] public int? Version { get; init; }

    /// <summary>The threshold applies to canary − control, control being the active version (which is not itself evaluated).</summary>
    [Id(7)] public bool CompareWithControl { get; init; }

    /// <summary>When firing for a canary of a traffic split, end the split (the active version serves everyone).</summary>
    [Id(8)] public bool AutoRollback { get; init; }

    /// <summary>A webhook notified on fire and resolve, besides <c>Rec:Alerts:Webhooks</c>.</summary>
    [Id(9)] public string? WebhookUrl { get; init; }

    /// <summary>One of the rules every model gets unless deleted.</summary>
    [Id(10)] public bool BuiltIn { get; init; }
}
