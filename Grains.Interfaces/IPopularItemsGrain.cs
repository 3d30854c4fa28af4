using Orleans.Rec.Inference;

namespace Orleans.Rec;

/// <summary>Cluster-wide interaction counts per item (key: <see cref="RecNames.GlobalPopularityKey"/>).</summary>
[Alias("rec.IPopularItemsGrain")]
public interface IPopularItemsGrain : IGrainWithStringKey
{
    /// <summary>Adds interaction counts (item id → count) that a silo aggregated.</summary>
    [Alias("Record")]
    Task RecordAsync(Dictionary<string, long> counts);

    /// <summary>The most interacted-with items, most first (ties by item id).</summary>
    [Alias("GetTop")]
    Task<ScoredItem[]> GetTopAsync(int count);
}
