using Orleans.Rec.Monitoring;
using Orleans.Rec.Push;

namespace Orleans.Rec.Profiles;

/// <summary>Persistent state of a <see cref="UserProfileGrain"/>.</summary>
public sealed class UserProfileState
{
    public long EventCount { get; set; }

    /// <summary>Recent interactions in arrival order, bounded by <see cref="ProfileOptions.RecentCapacity"/>.</summary>
    public List<Interaction> Recent { get; set; } = [];

    public List<string> Cart { get; set; } = [];

    public List<string> Purchases { get; set; } = [];

    public Dictionary<string, double> CategoryWeights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Most recent event ids, oldest first, bounded by <see cref="ProfileOptions.DedupeCapacity"/>.</summary>
    public List<string> RecentEventIds { get; set; } = [];

    public DateTimeOffset? LastEventAt { get; set; }

    /// <summary>The last lists served to the user, oldest first.</summary>
    public List<ServedList> Served { get; set; } = [];

    /// <summary>Impressions (served lists) so far; numbers them for attribution.</summary>
    public long ImpressionCount { get; set; }

    /// <summary>Open attribution windows, oldest first.</summary>
    public List<AttributionWindow> Windows { get; set; } = [];

    /// <summary>Closed windows not yet counted by their monitor, oldest first.</summary>
    public List<ImpressionOutcome> Outcomes { get; set; } = [];

    /// <summary>Push mode: the number of the user's last burst whose list was published (0: none yet).</summary>
    public long PushSequence { get; set; }

    /// <summary>Push mode: the burst waiting for its list, saved with the events that made it.</summary>
    public PendingPush? PendingPush { get; set; }
}
