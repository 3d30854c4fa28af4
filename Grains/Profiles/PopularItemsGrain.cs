using Microsoft.Extensions.Options;
using Orleans.Rec.Inference;

namespace Orleans.Rec.Profiles;

/// <summary>Cluster-wide interaction counts per item; the popularity fallback reads its top list.</summary>
public sealed class PopularItemsGrain(
    [PersistentState("popularity", RecNames.ProfileStorage)] IPersistentState<PopularItemsState> state,
    IOptions<PopularityOptions> options) : Grain, IPopularItemsGrain
{
    private ScoredItem[]? _ranked;

    public async Task RecordAsync(Dictionary<string, long> counts)
    {
        if (!PopularityCounts.Add(state.State.Counts, counts, options.Value.TrackedItems))
        {
            return;
        }

        _ranked = null;
        await state.WriteStateAsync();
    }

    public Task<ScoredItem[]> GetTopAsync(int count)
    {
        _ranked ??= state.State.Counts
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new ScoredItem(c.Key, c.Value))
            .ToArray();
        return Task.FromResult(_ranked.Length <= count ? _ranked : _ranked[..count]);
    }
}
