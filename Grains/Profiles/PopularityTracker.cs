using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Inference;

namespace Orleans.Rec.Profiles;

/// <summary>
/// Silo-local popularity: counts interactions in memory and ships them to the cluster-wide
/// <see cref="IPopularItemsGrain"/> in batches, so ingest never waits on one hot grain.
/// </summary>
public sealed class PopularityTracker(IGrainFactory grainFactory, IOptions<PopularityOptions> options, TimeProvider time, ILogger<PopularityTracker> logger)
{
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly PopularityOptions _options = options.Value;
    private volatile Snapshot _top = new([], DateTimeOffset.MinValue);

    private sealed record Snapshot(ScoredItem[] Items, DateTimeOffset FetchedAt);

    public void Record(string itemId) => _pending.AddOrUpdate(itemId, 1, (_, n) => n + 1);

    /// <summary>Sends the counts gathered since the last flush; they stay pending if the send fails.</summary>
    public async Task FlushAsync()
    {
        if (_pending.IsEmpty)
        {
            return;
        }

        var batch = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var itemId in _pending.Keys)
        {
            if (_pending.TryRemove(itemId, out var count))
            {
                batch[itemId] = count;
            }
        }

        try
        {
            await Grain.RecordAsync(batch);
            _top = _top with { FetchedAt = DateTimeOffset.MinValue };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RecLog.PopularityFlushFailed(logger, e, batch.Count);
            foreach (var (itemId, count) in batch)
            {
                _pending.AddOrUpdate(itemId, count, (_, n) => n + count);
            }
        }
    }

    /// <summary>The most popular items cluster-wide, at most one flush interval old.</summary>
    public async Task<ScoredItem[]> GetTopAsync(int count)
    {
        var snapshot = _top;
        var fresh = time.GetUtcNow() - snapshot.FetchedAt < _options.FlushInterval;
        if (fresh && (snapshot.Items.Length >= count || snapshot.Items.Length < _options.CachedTop))
        {
            return snapshot.Items;
        }

        var items = await Grain.GetTopAsync(Math.Max(count, _options.CachedTop));
        _top = new Snapshot(items, time.GetUtcNow());
        return items;
    }

    private IPopularItemsGrain Grain => grainFactory.GetGrain<IPopularItemsGrain>(RecNames.GlobalPopularityKey);
}
