namespace Orleans.Rec.Monitoring;

/// <summary>
/// Per reporting user, the highest impression number a monitor counted, for the most recent
/// <see cref="Capacity"/> reporters only (least recently reporting dropped first). Repeats come from a profile that
/// reported and crashed before saving that it had (within its write-behind interval), so the recent reporters
/// are the ones that matter; a reporter dropped and repeating much later would be counted again.
/// </summary>
internal sealed class ReporterDedupe(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string User, long Sequence)>> _byUser = new(StringComparer.Ordinal);
    private readonly LinkedList<(string User, long Sequence)> _recency = new();

    public int Capacity { get; } = Math.Max(1, capacity);

    public int Count => _byUser.Count;

    /// <summary>The highest number counted for <paramref name="user"/>, or -1 when none is remembered.</summary>
    public long LastCounted(string user) => _byUser.TryGetValue(user, out var node) ? node.Value.Sequence : -1;

    /// <summary>Remembers <paramref name="sequence"/> as the user's highest counted number, as the most recent reporter.</summary>
    public void Counted(string user, long sequence)
    {
        if (_byUser.TryGetValue(user, out var node))
        {
            _recency.Remove(node);
            node.Value = (user, sequence);
            _recency.AddLast(node);
            return;
        }

        _byUser[user] = _recency.AddLast((user, sequence));
        while (_byUser.Count > Capacity && _recency.First is { } oldest)
        {
            _recency.RemoveFirst();
            _byUser.Remove(oldest.Value.User);
        }
    }

    /// <summary>The entries, least recent first (the order they are stored in, and restored from).</summary>
    public Dictionary<string, long> ToDictionary()
    {
        var result = new Dictionary<string, long>(_byUser.Count, StringComparer.Ordinal);
        foreach (var (user, sequence) in _recency)
        {
            result[user] = sequence;
        }

        return result;
    }

    /// <summary>Restores stored entries, least recent first; beyond the capacity, the oldest are dropped.</summary>
    public static ReporterDedupe From(IEnumerable<KeyValuePair<string, long>> stored, int capacity)
    {
        var dedupe = new ReporterDedupe(capacity);
        foreach (var (user, sequence) in stored)
        {
            dedupe.Counted(user, sequence);
        }

        return dedupe;
    }
}
