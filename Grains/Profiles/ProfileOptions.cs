namespace Orleans.Rec.Profiles;

/// <summary>Profile aggregation settings under <c>Rec:Profiles</c>.</summary>
public sealed class ProfileOptions
{
    public const string SectionName = "Rec:Profiles";

    /// <summary>Interactions kept per user (the model reads the most recent of these).</summary>
    public int RecentCapacity { get; set; } = 200;

    /// <summary>Event ids remembered per user to drop redeliveries.</summary>
    public int DedupeCapacity { get; set; } = 2000;

    /// <summary>Purchases kept per user.</summary>
    public int PurchaseCapacity { get; set; } = 1000;

    /// <summary>Served recommendation lists kept per user (for accuracy attribution).</summary>
    public int ServedCapacity { get; set; } = 20;

    /// <summary>
    /// Open attribution windows kept per user; a user served more lists than this without acting drops the oldest
    /// (they are never counted).
    /// </summary>
    public int OpenWindowCapacity { get; set; } = 200;

    /// <summary>Items kept in a user's cart; carting one more drops the one carted longest ago.</summary>
    public int CartCapacity { get; set; } = 200;

    /// <summary>Category weights kept per user; a new category past this drops the lightest (ties: the last by id).</summary>
    public int CategoryCapacity { get; set; } = 100;

    /// <summary>Categories listed in a profile.</summary>
    public int TopCategoryCount { get; set; } = 5;

    /// <summary>How long applied events may wait in memory before the profile is persisted; zero writes at once.</summary>
    public TimeSpan WriteBehind { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a profile whose only change is a served recommendation list waits before it is written. Events
    /// write promptly (<see cref="WriteBehind"/>) and carry the pending lists with them.
    /// </summary>
    public TimeSpan ServedWriteBehind { get; set; } = TimeSpan.FromSeconds(30);
}
