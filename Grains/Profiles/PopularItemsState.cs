namespace Orleans.Rec.Profiles;

/// <summary>Persistent state of a <see cref="PopularItemsGrain"/>.</summary>
public sealed class PopularItemsState
{
    public Dictionary<string, long> Counts { get; set; } = new(StringComparer.Ordinal);
}
