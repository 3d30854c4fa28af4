namespace Orleans.Rec.Profiles;

/// <summary>What the platform knows about one user.</summary>
[GenerateSerializer, Immutable, Alias("rec.UserProfileSnapshot")]
public sealed record UserProfileSnapshot
{
    /// <summary>The user id.</summary>
    [Id(0)] public required string UserId { get; init; }

    /// <summary>Distinct events applied (a redelivered event does not count twice).</summary>
    [Id(1)] public long EventCount { get; init; }

    /// <summary>Recently viewed items, most recent last.</summary>
    [Id(2)] public string[] RecentViews { get; init; } = [];

    /// <summary>Items in the cart (carted and not bought since), oldest first.</summary>
    [Id(3)] public string[] Cart { get; init; } = [];

    /// <summary>Items bought, oldest first.</summary>
    [Id(4)] public string[] Purchases { get; init; } = [];

    /// <summary>Categories the user engages with most, strongest first.</summary>
    [Id(5)] public string[] TopCategories { get; init; } = [];

    /// <summary>Event time of the latest event, if any.</summary>
    [Id(6)] public DateTimeOffset? LastEventAt { get; init; }
}
