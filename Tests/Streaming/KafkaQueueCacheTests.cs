using Orleans.Providers.Streams.Common;
using Orleans.Rec.Streaming.Kafka;

namespace Orleans.Rec.Tests.Streaming;

/// <summary>
/// The stream-indexed queue cache decides when a batch counts as delivered (and so when its offset may be committed):
/// only after every cursor of its stream moved past it, never when its delivery failed.
/// </summary>
public sealed class KafkaQueueCacheTests
{
    private static readonly StreamId A = StreamId.Create("user-events", "a");
    private static readonly StreamId B = StreamId.Create("user-events", "b");

    private long _sequence;

    [Fact]
    public void Purge_ReportsABatchOnlyAfterEveryCursorOfItsStreamMovedPastIt()
    {
        var cache = new KafkaQueueCache(maxEvents: 100, maxAddCount: 10);
        var a1 = Batch(A, 2);
        var b1 = Batch(B, 1);
        var a2 = Batch(A, 1);
        cache.AddToCache([a1, b1, a2]);
        using var first = Open(cache, A, a1.SequenceToken);
        using var second = Open(cache, A, a1.SequenceToken);
        using var onB = Open(cache, B, b1.SequenceToken);

        Assert.False(cache.TryPurgeFromCache(out _));

        Assert.True(first.MoveNext());
        Assert.Same(a1, first.GetCurrent(out _));
        Assert.True(first.MoveNext());
        Assert.Same(a2, first.GetCurrent(out _));
        Assert.False(cache.TryPurgeFromCache(out _)); // the second cursor has not read a1 yet

        Assert.True(second.MoveNext());
        Assert.True(second.MoveNext()); // past a1, now on a2
        Assert.True(cache.TryPurgeFromCache(out var purged));
        Assert.Equal([a1], purged);

        Assert.True(onB.MoveNext());
        Assert.False(onB.MoveNext());
        Assert.False(first.MoveNext());
        Assert.False(second.MoveNext());
        Assert.True(cache.TryPurgeFromCache(out purged));
        Assert.Equal([b1, a2], purged.OrderBy(p => p.SequenceToken.SequenceNumber));
        Assert.Equal(0, cache.EventCount);
    }

    [Fact]
    public void Cursor_WaitingAtTheEnd_FindsBatchesAddedLater_AndNeverGoesBack()
    {
        var cache = new KafkaQueueCache(maxEvents: 100, maxAddCount: 10);
        var a1 = Batch(A, 1);
        cache.AddToCache([a1]);
        using var cursor = Open(cache, A, a1.SequenceToken);
        Assert.True(cursor.MoveNext());
        Assert.False(cursor.MoveNext());
        Assert.True(cache.TryPurgeFromCache(out _));

        var a2 = Batch(A, 3);
        cache.AddToCache([Batch(B, 1), a2]);
        cursor.Refresh(a2.SequenceToken);

        Assert.True(cursor.MoveNext());
        Assert.Same(a2, cursor.GetCurrent(out _));
        Assert.False(cursor.MoveNext());
    }

    [Fact]
    public void Cursor_WithoutToken_StartsAtTheOldestCachedBatchOfItsStream()
    {
        var cache = new KafkaQueueCache(maxEvents: 100, maxAddCount: 10);
        var a1 = Batch(A, 1);
        var a2 = Batch(A, 1);
        cache.AddToCache([a1, Batch(B, 1), a2]);

        using var cursor = Open(cache, A, null);

        Assert.True(cursor.MoveNext());
        Assert.Same(a1, cursor.GetCurrent(out _));
    }

    [Fact]
    public void FailedDelivery_IsPurgedMarkedFailed_NeverAsDelivered()
    {
        var cache = new KafkaQueueCache(maxEvents: 100, maxAddCount: 10);
        var a1 = Batch(A, 1);
        var a2 = Batch(A, 1);
        cache.AddToCache([a1, a2]);
        using var cursor = Open(cache, A, a1.SequenceToken);
        Assert.True(cursor.MoveNext());
        cursor.RecordDeliveryFailure();
        Assert.True(cursor.MoveNext());
        Assert.False(cursor.MoveNext());

        Assert.True(cache.TryPurgeFromCache(out var purged));

        Assert.Equal([a1, a2], purged);
        Assert.True(a1.DeliveryFailed);
        Assert.False(a2.DeliveryFailed);
        Assert.Equal(0, cache.EventCount);
    }

    [Fact]
    public void DisposedCursor_NoLongerHoldsItsStream()
    {
        var cache = new KafkaQueueCache(maxEvents: 100, maxAddCount: 10);
        var a1 = Batch(A, 1);
        cache.AddToCache([a1]);
        var pin = Open(cache, A, a1.SequenceToken);
        Assert.False(cache.TryPurgeFromCache(out _));

        pin.Dispose();

        Assert.True(cache.TryPurgeFromCache(out var purged));
        Assert.Equal([a1], purged);
    }

    [Fact]
    public void Pressure_CountsEvents_AndPausesReadsWhileAnotherFullReadWouldNotFit()
    {
        var cache = new KafkaQueueCache(maxEvents: 10, maxAddCount: 4);
        Assert.Equal(4, cache.GetMaxAddCount());
        Assert.False(cache.IsUnderPressure());

        var a1 = Batch(A, 4);
        cache.AddToCache([a1, Batch(B, 2)]);
        Assert.Equal(6, cache.EventCount);
        Assert.False(cache.IsUnderPressure()); // 6 + 4 fits in 10

        cache.AddToCache([Batch(B, 1)]);
        Assert.True(cache.IsUnderPressure()); // 7 + 4 does not

        using var cursor = Open(cache, A, a1.SequenceToken);
        using var onB = Open(cache, B, null);
        Assert.True(cursor.MoveNext());
        Assert.False(cursor.MoveNext());
        Assert.True(cache.TryPurgeFromCache(out _));
        Assert.Equal(3, cache.EventCount);
        Assert.False(cache.IsUnderPressure());
    }

    private static KafkaQueueCacheCursor Open(KafkaQueueCache cache, StreamId stream, Orleans.Streams.StreamSequenceToken? token) =>
        (KafkaQueueCacheCursor)cache.GetCacheCursor(stream, token);

    private KafkaBatchContainer Batch(StreamId stream, int events) =>
        new(stream, Enumerable.Range(0, events).Select(i => (object)$"e{i}").ToList(), new EventSequenceTokenV2(_sequence++));
}
