namespace Orleans.Rec.Models;

/// <summary>Persistent state of a <see cref="ModelRegistryGrain"/>.</summary>
public sealed class ModelRegistryRecord
{
    /// <summary>The number the next upload gets.</summary>
    public int NextVersion { get; set; } = 1;

    public List<int> Versions { get; set; } = [];

    /// <summary>Numbers reserved by streamed uploads that have not completed yet.</summary>
    public List<int> Pending { get; set; } = [];

    public int? Active { get; set; }

    /// <summary>Every activation, oldest first, rollbacks included.</summary>
    public List<ActivationRecord> Activations { get; set; } = [];

    /// <summary>The versions that were active before the current one, most recent last: rollback pops this.</summary>
    public List<int> Previous { get; set; } = [];

    /// <summary>The traffic split (empty: the active version serves everyone), ordered by version.</summary>
    public List<TrafficSplit> Splits { get; set; } = [];

    /// <summary>The version scoring a copy of the traffic, if any.</summary>
    public int? Shadow { get; set; }

    /// <summary>The audit log, oldest first (the oldest entries are dropped past the cap).</summary>
    public List<AuditEntry> Audit { get; set; } = [];

    /// <summary>The revision of the traffic policy: one more per change (see <see cref="TrafficPolicy.Revision"/>).</summary>
    public long PolicyRevision { get; set; }

    /// <summary>The sequence number of the last audit entry.</summary>
    public long AuditSequence { get; set; }
}
