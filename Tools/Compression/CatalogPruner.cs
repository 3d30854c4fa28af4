using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tools.Compression;

/// <summary>
/// Catalog pruning: drops the items with fewer than a number of events, or with no event in the last days of the log,
/// and renumbers the rest (same order, so the table rows and the config's item ids stay aligned). A dropped item can
/// no longer be recommended, and in a history it is ignored like any unknown item.
/// </summary>
public static class CatalogPruner
{
    /// <summary>
    /// Keeps the items of <paramref name="model"/> with at least <paramref name="minEvents"/> events in
    /// <paramref name="data"/> and, when <paramref name="recent"/> is given, an event within that span before the log's
    /// latest event. An item the log never mentions has no events.
    /// </summary>
    /// <exception cref="InvalidDataException">Every item would be dropped, or the log has no timestamps for a recency rule.</exception>
    public static CatalogPruning Prune(TrainedModel model, SequenceDataset data, int minEvents, TimeSpan? recent)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var rawIndex = new Dictionary<string, int>(data.ItemIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < data.ItemIds.Count; i++)
        {
            rawIndex[data.ItemIds[i]] = i;
        }

        long cutoff = long.MinValue;
        if (recent is { } span)
        {
            var latest = data.ItemLastSeenTicks.DefaultIfEmpty(0).Max();
            if (latest <= 0)
            {
                throw new InvalidDataException("the event log has no timestamps, so items cannot be pruned by recency");
            }

            cutoff = latest - span.Ticks;
        }

        var keep = new bool[model.ItemIds.Length];
        for (var i = 0; i < model.ItemIds.Length; i++)
        {
            if (rawIndex.TryGetValue(model.ItemIds[i], out var raw))
            {
                keep[i] = data.ItemEvents[raw] >= minEvents && data.ItemLastSeenTicks[raw] >= cutoff;
            }
            else
            {
                keep[i] = minEvents <= 0 && recent is null;
            }
        }

        return Keep(model, keep);
    }

    /// <summary>Keeps the items whose flag is set (indexed like <see cref="TrainedModel.ItemIds"/>) and renumbers them.</summary>
    public static CatalogPruning Keep(TrainedModel model, IReadOnlyList<bool> keep)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(keep);
        if (keep.Count != model.ItemIds.Length)
        {
            throw new ArgumentException($"{keep.Count} flags for {model.ItemIds.Length} items.", nameof(keep));
        }

        var kept = keep.Count(k => k);
        if (kept == 0)
        {
            throw new InvalidDataException($"catalog pruning would drop all {model.ItemIds.Length} items");
        }

        var dims = model.Dimensions;
        var newIndexOf = new int[model.Rows];
        var itemIds = new string[kept];
        var table = new float[(kept + 1) * dims];
        var next = 1;
        for (var i = 0; i < model.ItemIds.Length; i++)
        {
            if (!keep[i])
            {
                newIndexOf[i + 1] = -1;
                continue;
            }

            newIndexOf[i + 1] = next;
            itemIds[next - 1] = model.ItemIds[i];
            Array.Copy(model.Table, (i + 1) * dims, table, next * dims, dims);
            next++;
        }

        return new CatalogPruning(model with { ItemIds = itemIds, Table = table }, newIndexOf, model.ItemIds.Length - kept);
    }
}
