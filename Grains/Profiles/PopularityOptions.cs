namespace Orleans.Rec.Profiles;

/// <summary>Popularity fallback settings under <c>Rec:Popularity</c>.</summary>
public sealed class PopularityOptions
{
    public const string SectionName = "Rec:Popularity";

    /// <summary>How often a silo sends its counts to the cluster-wide grain and refreshes its cached top list.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Items the cluster-wide grain keeps counts for: past this the least counted are dropped (ties: the last by id),
    /// so the state (rewritten on every flush that brings counts) does not grow with the catalogue's long tail.
    /// </summary>
    public int TrackedItems { get; set; } = 10_000;

    /// <summary>How many top items a silo caches.</summary>
    public int CachedTop { get; set; } = 1000;
}
