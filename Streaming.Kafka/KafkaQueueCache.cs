using System.Diagnostics.CodeAnalysis;
using Orleans.Streams;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// The pulling agent's cache for one partition, indexed by stream. Orleans' <c>SimpleQueueCache</c> keeps one list of
/// every cached batch and moves each consumer's cursor by scanning it for the cursor's stream, so with thousands of
/// streams per partition (one per user) every delivery walks most of the cache. Here each stream has its own list:
/// moving a cursor, opening one and purging cost nothing per other stream.
/// <para>
/// A batch stays cached (and so undelivered, for the receiver's commit) until every cursor of its stream has moved
/// past it; a batch whose delivery failed is handed back marked failed (the receiver then rewinds), never as delivered. Bounded in events: reading pauses while
/// another full read would not fit.
/// </para>
/// Used only from the pulling agent's turns (one at a time), so it takes no locks.
/// </summary>
internal sealed class KafkaQueueCache(int maxEvents, int maxAddCount) : IQueueCache
{
    private readonly Dictionary<StreamId, KafkaQueueCacheStream> _streams = [];
    private readonly HashSet<KafkaQueueCacheStream> _touched = [];
    private readonly int _maxAddCount = Math.Max(1, Math.Min(maxAddCount, maxEvents));
    private int _events;

    /// <summary>Events cached now.</summary>
    public int EventCount => _events;

    public int GetMaxAddCount() => _maxAddCount;

    public bool IsUnderPressure() => _events > 0 && _events + _maxAddCount > maxEvents;

    public void AddToCache(IList<IBatchContainer> messages)
    {
        foreach (var batch in messages)
        {
            var stream = StreamFor(batch.StreamId);
            var item = new KafkaQueueCacheItem(batch, batch.SequenceToken.SequenceNumber, batch is KafkaBatchContainer k ? k.Events.Count : 1);
            stream.Add(item);
            _events += item.EventCount;
            _touched.Add(stream);
        }
    }

    public bool TryPurgeFromCache([MaybeNullWhen(false)] out IList<IBatchContainer> purgedItems)
    {
        purgedItems = null;
        if (_touched.Count == 0)
        {
            return false;
        }

        List<IBatchContainer>? purged = null;
        foreach (var stream in _touched)
        {
            var removed = stream.Purge(ref purged);
            _events -= removed;
            if (stream.IsEmpty && !stream.HasCursors)
            {
                _streams.Remove(stream.StreamId);
            }
        }

        _touched.Clear();
        if (purged is null)
        {
            return false;
        }

        purgedItems = purged;
        return true;
    }

    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token) =>
        new KafkaQueueCacheCursor(this, StreamFor(streamId), token?.SequenceNumber ?? long.MinValue);

    /// <summary>A cursor moved or went away: its stream may have batches to purge.</summary>
    internal void Touch(KafkaQueueCacheStream stream) => _touched.Add(stream);

    private KafkaQueueCacheStream StreamFor(StreamId streamId)
    {
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            stream = new KafkaQueueCacheStream(streamId);
            _streams.Add(streamId, stream);
        }

        return stream;
    }
}
