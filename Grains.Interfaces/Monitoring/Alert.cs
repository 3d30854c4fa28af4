namespace Orleans.Rec.Monitoring;

/// <summary>One firing of a rule for one version, resolved later (or still firing).</summary>
[GenerateSerializer, Immutable, Alias("rec.Alert")]
public sealed record Alert
{
    /// <summary>Increasing number within the model.</summary>
    [Id(0)] public required long Sequence { get; init; }

    /// <summary>The model.</summary>
    [Id(1)] public required string Model { get; init; }

    /// <summary>The version it fired for; 0 for a silo metric, which belongs to no version (<see cref="AlertRules.IsSiloMetric"/>).</summary>
    [Id(2)] public required int Version { get; init; }

    /// <summary>The rule that fired.</summary>
    [Id(3)] public required AlertRule Rule { get; init; }

    /// <summary>Firing or resolved.</summary>
    [Id(4)] public required AlertState State { get; init; }

    /// <summary>The metric's value when it fired.</summary>
    [Id(5)] public required double Value { get; init; }

    /// <summary>When it fired.</summary>
    [Id(6)] public required DateTimeOffset FiredAt { get; init; }

    /// <summary>When it resolved.</summary>
    [Id(7)] public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The metric's value when it resolved; null when there was no data any more (traffic stopped).</summary>
    [Id(8)] public double? ResolvedValue { get; init; }

    /// <summary>The control version compared with (<see cref="AlertRule.CompareWithControl"/>).</summary>
    [Id(9)] public int? ControlVersion { get; init; }

    /// <summary>Whether firing ended the version's traffic split (<see cref="AlertRule.AutoRollback"/>).</summary>
    [Id(10)] public bool RolledBack { get; init; }

    /// <summary>For a silo metric (<see cref="AlertRules.IsSiloMetric"/>), the silo whose figure fired it; null otherwise.</summary>
    [Id(11)] public string? Silo { get; init; }

    /// <summary>The analysis made as it fired: what got worse and its probable causes; null when it could not be made.</summary>
    [Id(12)] public ModelAnalysis? Analysis { get; init; }
}
