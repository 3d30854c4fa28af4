namespace Orleans.Rec.Profiles;

/// <summary>The cluster-wide popularity counts, kept to the most counted items (no I/O; tested on its own).</summary>
public static class PopularityCounts
{
    /// <summary>
    /// Adds <paramref name="batch"/> to <paramref name="counts"/>, then drops the least counted items (ties: the last by
    /// id) past <paramref name="capacity"/>.
    /// </summary>
    /// <returns>Whether anything changed (an empty batch changes nothing).</returns>
    public static bool Add(Dictionary<string, long> counts, IReadOnlyDictionary<string, long> batch, int capacity)
    {
        var changed = false;
        foreach (var (itemId, count) in batch)
        {
            if (count > 0)
            {
                counts[itemId] = counts.GetValueOrDefault(itemId) + count;
                changed = true;
            }
        }

        if (counts.Count > capacity)
        {
            var drop = counts
                .OrderBy(c => c.Value)
                .ThenByDescending(c => c.Key, StringComparer.Ordinal)
                .Take(counts.Count - capacity)
                .Select(c => c.Key)
                .ToArray();
            foreach (var itemId in drop)
            {
                counts.Remove(itemId);
            }

            changed = true;
        }

        return changed;
    }
}
