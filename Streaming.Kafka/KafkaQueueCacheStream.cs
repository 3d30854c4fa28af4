namespace Orleans.Rec.Streaming.Kafka;

/// <summary>The cached batches of one stream, oldest first, and the cursors reading them.</summary>
internal sealed class KafkaQueueCacheStream(StreamId streamId)
{
    private readonly List<KafkaQueueCacheItem> _items = [];
    private readonly List<KafkaQueueCacheCursor> _cursors = [];

    public StreamId StreamId { get; } = streamId;

    public bool IsEmpty => _items.Count == 0;

    public bool HasCursors => _cursors.Count > 0;

    public void Add(KafkaQueueCacheItem item)
    {
        // Sequence numbers only grow within a receiver, so appending keeps the list ordered.
        _items.Add(item);
    }

    public void AddCursor(KafkaQueueCacheCursor cursor) => _cursors.Add(cursor);

    public void RemoveCursor(KafkaQueueCacheCursor cursor) => _cursors.Remove(cursor);

    /// <summary>The first cached batch at or after <paramref name="sequence"/>, or null.</summary>
    public KafkaQueueCacheItem? FirstFrom(long sequence)
    {
        int lo = 0, hi = _items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_items[mid].Sequence < sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo < _items.Count ? _items[lo] : null;
    }

    /// <summary>
    /// Removes the batches every cursor has moved past (all of them when the stream has no cursor: nobody reads it)
    /// and returns how many events they held. All are added to <paramref name="purged"/>; a Kafka batch whose delivery failed is marked so.
    /// </summary>
    public int Purge(ref List<Orleans.Streams.IBatchContainer>? purged)
    {
        var keepFrom = long.MaxValue;
        foreach (var cursor in _cursors)
        {
            keepFrom = Math.Min(keepFrom, cursor.ProtectedFrom);
        }

        var count = 0;
        var events = 0;
        while (count < _items.Count && _items[count].Sequence < keepFrom)
        {
            var item = _items[count];
            if (item.DeliveryFailure && item.Batch is KafkaBatchContainer failed)
            {
                failed.DeliveryFailed = true;
            }

            (purged ??= []).Add(item.Batch);

            events += item.EventCount;
            count++;
        }

        if (count > 0)
        {
            _items.RemoveRange(0, count);
        }

        return events;
    }
}
