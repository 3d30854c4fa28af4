namespace Orleans.Rec.Monitoring;

/// <summary>
/// Why a model's serving changed over a window: what got worse (<see cref="Symptoms"/>) and the probable causes,
/// most probable first, each with its evidence and what to do (<c>GET /v1/models/{model}/analysis</c>, and attached
/// to every alert when it fires).
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.ModelAnalysis")]
public sealed record ModelAnalysis
{
    /// <summary>The model.</summary>
    [Id(0)] public required string Model { get; init; }

    /// <summary>The start of the window analysed.</summary>
    [Id(1)] public required DateTimeOffset From { get; init; }

    /// <summary>The end of the window (when the analysis ran).</summary>
    [Id(2)] public required DateTimeOffset To { get; init; }

    /// <summary>When the trouble started: the alert's onset, else the earliest symptom; null when nothing got worse.</summary>
    [Id(3)] public DateTimeOffset? SymptomAt { get; init; }

    /// <summary>What got worse, earliest first.</summary>
    [Id(4)] public Symptom[] Symptoms { get; init; } = [];

    /// <summary>Probable causes, highest score first.</summary>
    [Id(5)] public ProbableCause[] Causes { get; init; } = [];
}

/// <summary>A metric that got worse at a point of the window.</summary>
[GenerateSerializer, Immutable, Alias("rec.Symptom")]
public sealed record Symptom
{
    /// <summary>The metric, named as in alert rules (<c>p99LatencyMs</c>, <c>errorRatio</c>, <c>shedRatio</c>, <c>throughput</c>, <c>hitRate</c>…).</summary>
    [Id(0)] public required string Metric { get; init; }

    /// <summary>The version it concerns; null for a silo figure.</summary>
    [Id(1)] public int? Version { get; init; }

    /// <summary>The first sample after the change.</summary>
    [Id(2)] public required DateTimeOffset At { get; init; }

    /// <summary>The mean before the change.</summary>
    [Id(3)] public double? Before { get; init; }

    /// <summary>The mean after it.</summary>
    [Id(4)] public double? After { get; init; }

    /// <summary>In words.</summary>
    [Id(5)] public required string Explanation { get; init; }
}

/// <summary>
/// One probable cause: <see cref="Score"/> = <see cref="Strength"/> (how much the evidence says, 0..1) ×
/// <see cref="Timing"/> (1 when it happened right before the symptom, less the longer before, 0.1 after it).
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.ProbableCause")]
public sealed record ProbableCause
{
    /// <summary>
    /// version-change, config-change, accuracy-regression, membership-change, cpu-fallback, batching-collapse,
    /// queue-pressure, kafka-lag, dead-letters, cpu-saturation, memory-pressure, thread-pool-starvation or input-drift.
    /// </summary>
    [Id(0)] public required string Kind { get; init; }

    /// <summary>Strength × timing.</summary>
    [Id(1)] public required double Score { get; init; }

    /// <summary>How much the evidence says, 0..1.</summary>
    [Id(2)] public required double Strength { get; init; }

    /// <summary>How closely it precedes the symptom, 0.1..1.</summary>
    [Id(3)] public required double Timing { get; init; }

    /// <summary>When it happened (or started).</summary>
    [Id(4)] public required DateTimeOffset At { get; init; }

    /// <summary>What happened, in a sentence.</summary>
    [Id(5)] public required string Explanation { get; init; }

    /// <summary>What to do about it.</summary>
    [Id(6)] public required string Action { get; init; }

    /// <summary>The facts it rests on.</summary>
    [Id(7)] public CauseEvidence[] Evidence { get; init; } = [];
}

/// <summary>One fact behind a cause: what was seen when, with the values before and after where there are some.</summary>
[GenerateSerializer, Immutable, Alias("rec.CauseEvidence")]
public sealed record CauseEvidence
{
    /// <summary>When.</summary>
    [Id(0)] public required DateTimeOffset At { get; init; }

    /// <summary>What, in words.</summary>
    [Id(1)] public required string What { get; init; }

    /// <summary>The value before, where one applies.</summary>
    [Id(2)] public double? Before { get; init; }

    /// <summary>The value after, where one applies.</summary>
    [Id(3)] public double? After { get; init; }

    /// <summary>The silo, for a silo's figure.</summary>
    [Id(4)] public string? Silo { get; init; }
}
