using Orleans.Rec.Events;

namespace Orleans.Rec.Monitoring;

/// <summary>Persistent state of a <see cref="ModelMonitorGrain"/>.</summary>
public sealed class ModelMonitorState
{
    public AccuracyTally Overall { get; set; } = new();

    public Dictionary<UserEventType, AccuracyTally> ByType { get; set; } = [];

    /// <summary>
    /// Per user, the highest impression number counted, for the most recent reporters only (least recent first; see
    /// <see cref="ReporterDedupe"/>): a profile that reports again after a crash (the report went out, its removal
    /// was not yet saved) is not counted twice.
    /// </summary>
    public Dictionary<string, long> LastCounted { get; set; } = new(StringComparer.Ordinal);
}
