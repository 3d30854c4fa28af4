
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
}
