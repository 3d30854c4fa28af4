using Orleans.Streams;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// A consumer's position in one stream of a <see cref="KafkaQueueCache"/>. It protects its current batch (still being
/// delivered) and everything after it from purging.
/// </summary>
internal sealed class KafkaQueueCacheCursor : IQueueCacheCursor
{
    private readonly KafkaQueueCache _cache;
    private readonly KafkaQueueCacheStream _stream;
    private KafkaQueueCacheItem? _current;
    private long _next;
    private bool _disposed;

    public KafkaQueueCacheCursor(KafkaQueueCache cache, KafkaQueueCacheStream stream, long from)
    {
        _cache = cache;
        _stream = stream;
        _next = from;
        stream.AddCursor(this);
    }

    /// <summary>The lowest sequence number this cursor still needs.</summary>
    public long ProtectedFrom => _disposed ? long.MaxValue : _current?.Sequence ?? _next;

    public IBatchContainer? GetCurrent(out Exception? exception)
    {
        exception = null;
        return _current?.Batch;
    }

    public bool MoveNext()
    {
        if (_disposed)
        {
            return false;
        }

        var from = _current is null ? _next : _current.Sequence + 1;
        var next = _stream.FirstFrom(from);
        if (_current is not null)
        {
            _cache.Touch(_stream);
        }

        _current = next;
        _next = next?.Sequence ?? from;
        return next is not null;
    }

    /// <summary>Nothing to do: a waiting cursor finds new batches of its stream on its next <see cref="MoveNext"/>.</summary>
    public void Refresh(StreamSequenceToken token)
    {
    }

    public void RecordDeliveryFailure()
    {
        if (_current is not null)
        {
            _current.DeliveryFailure = true;
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _current = null;
            _stream.RemoveCursor(this);
            _cache.Touch(_stream);
        }
    }
}
