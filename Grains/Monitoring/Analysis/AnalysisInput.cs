using Orleans.Rec.Models;

namespace Orleans.Rec.Monitoring.Analysis;

/// <summary>
/// Everything an analysis reads, gathered by <see cref="ModelAnalysisGrain"/>: the window's history (versions and
/// silos), the model's audit log, the serving-config revisions of the versions with traffic, the devices the
/// versions really run on, and, for an alert, the symptom it fired on.
/// </summary>
public sealed record AnalysisInput
{
    public required string Model { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>The history's sampling interval in seconds.</summary>
    public required double IntervalSeconds { get; init; }

    /// <summary>The active version now.</summary>
    public int? ActiveVersion { get; init; }

    public required ModelHistory History { get; init; }

    /// <summary>The whole audit log, oldest first (the window's entries are picked here; earlier ones tell the previous version).</summary>
    public IReadOnlyList<AuditEntry> Audit { get; init; } = [];

    /// <summary>Config revisions of the versions with traffic: (version, revision) with when it was made.</summary>
    public IReadOnlyList<VersionConfigRevision> ConfigRevisions { get; init; } = [];

    /// <summary>Per silo and version with traffic: the device asked for and the one really used.</summary>
    public IReadOnlyList<DeviceUse> Devices { get; init; } = [];

    /// <summary>The Kafka dead-letter topic (named in the dead-letters cause's action).</summary>
    public string DeadLetterTopic { get; init; } = KafkaSettings.DefaultUserHistoryTopic + ".dlq";

    /// <summary>The alert's symptom, when an alert asks.</summary>
    public AlertFocus? Focus { get; init; }
}

/// <summary>A serving-config revision of a version.</summary>
public sealed record VersionConfigRevision(int Version, int Revision, DateTimeOffset At, string By);

/// <summary>A version loaded on a silo: the device its config asks for and the one it runs on.</summary>
public sealed record DeviceUse(string Silo, int Version, string Requested, string Actual, DateTimeOffset LoadedAt);

/// <summary>What an alert fired on: its metric's rule name, the version (0 for a silo metric), the value and when.</summary>
public sealed record AlertFocus(string Metric, int Version, double Value, DateTimeOffset FiredAt, int WindowSeconds);
