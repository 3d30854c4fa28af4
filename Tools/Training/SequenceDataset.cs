using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Tools.Training;

/// <summary>
/// An event log reduced to one time-ordered item sequence per user, items as dense indices.
/// Events of every type count as interactions. Consecutive repeats of the same item (a reload, a view then a cart of
/// the same item) are collapsed into one position; non-consecutive repeats are kept.
/// </summary>
public sealed class SequenceDataset
{
    private SequenceDataset(string[] itemIds, int[][] sequences, long events, long[] itemEvents, long[] itemLastSeenTicks, long firstEventTicks = 0, long lastEventTicks = 0)
    {
        FirstEventTicks = firstEventTicks;
        LastEventTicks = lastEventTicks;
        ItemIds = itemIds;
        Sequences = sequences;
        Events = events;
        ItemEvents = itemEvents;
        ItemLastSeenTicks = itemLastSeenTicks;
    }

    /// <summary>External item ids; a sequence entry i means <c>ItemIds[i]</c>. Ordered by first appearance in the log.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>One sequence per user, oldest first, ordered by user id.</summary>
    public IReadOnlyList<int[]> Sequences { get; }

    /// <summary>Events read.</summary>
    public long Events { get; }

    /// <summary>Events of each item (repeats included), indexed like <see cref="ItemIds"/>.</summary>
    public IReadOnlyList<long> ItemEvents { get; }

    /// <summary>UTC ticks of each item's latest event, indexed like <see cref="ItemIds"/>; 0 when unknown (<see cref="FromSequences"/>).</summary>
    public IReadOnlyList<long> ItemLastSeenTicks { get; }

    /// <summary>UTC ticks of the earliest event read; 0 when unknown (<see cref="FromSequences"/>).</summary>
    public long FirstEventTicks { get; }

    /// <summary>UTC ticks of the latest event read; 0 when unknown.</summary>
    public long LastEventTicks { get; }

    /// <summary>Builds the sequences in one pass over <paramref name="events"/>; ties in time keep the log's order.</summary>
    public static SequenceDataset Build(IEnumerable<InteractionEvent> events, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var items = new Dictionary<string, int>(StringComparer.Ordinal);
        var itemIds = new List<string>();
        var itemEvents = new List<long>();
        var itemLastSeen = new List<long>();
        var users = new Dictionary<string, List<(long Ticks, int Item)>>(StringComparer.Ordinal);
        long count = 0;
        long first = long.MaxValue, last = long.MinValue;
        foreach (var e in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!items.TryGetValue(e.ItemId, out var item))
            {
                item = itemIds.Count;
                items.Add(e.ItemId, item);
                itemIds.Add(e.ItemId);
                itemEvents.Add(0);
                itemLastSeen.Add(long.MinValue);
            }

            itemEvents[item]++;
            itemLastSeen[item] = Math.Max(itemLastSeen[item], e.Timestamp.UtcTicks);
            first = Math.Min(first, e.Timestamp.UtcTicks);
            last = Math.Max(last, e.Timestamp.UtcTicks);

            if (!users.TryGetValue(e.UserId, out var list))
            {
                list = [];
                users.Add(e.UserId, list);
            }

            list.Add((e.Timestamp.UtcTicks, item));
            count++;
            if (progress is not null && count % 100_000 == 0)
            {
                progress.Report(count);
            }
        }

        progress?.Report(count);
        var sequences = new int[users.Count][];
        var index = 0;
        foreach (var user in users.Keys.Order(StringComparer.Ordinal))
        {
            sequences[index++] = Collapse(users[user]);
        }

        return count == 0
            ? new SequenceDataset([.. itemIds], sequences, count, [.. itemEvents], [.. itemLastSeen])
            : new SequenceDataset([.. itemIds], sequences, count, [.. itemEvents], [.. itemLastSeen], first, last);
    }

    /// <summary>Builds a dataset from ready-made sequences (tests, tools).</summary>
    public static SequenceDataset FromSequences(IReadOnlyList<string> itemIds, IEnumerable<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        int[][] all = [.. sequences];
        var counts = new long[itemIds.Count];
        foreach (var item in all.SelectMany(s => s))
        {
            counts[item]++;
        }

        return new([.. itemIds], all, 0, counts, new long[itemIds.Count]);
    }

    private static int[] Collapse(List<(long Ticks, int Item)> events)
    {
        // A stable sort: events with the same timestamp keep the order in which the log listed them.
        var ordered = events.Select((e, position) => (e.Ticks, Position: position, e.Item))
            .OrderBy(e => e.Ticks)
            .ThenBy(e => e.Position);
        var sequence = new List<int>(events.Count);
        foreach (var (_, _, item) in ordered)
        {
            if (sequence.Count == 0 || sequence[^1] != item)
            {
                sequence.Add(item);
            }
        }

        return [.. sequence];
    }
}
