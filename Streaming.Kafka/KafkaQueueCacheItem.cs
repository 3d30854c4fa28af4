using Orleans.Streams;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>One cached batch: its sequence number orders it within its stream.</summary>
internal sealed class KafkaQueueCacheItem(IBatchContainer batch, long sequence, int eventCount)
{
    public IBatchContainer Batch { get; } = batch;

    public long Sequence { get; } = sequence;

    public int EventCount { get; } = eventCount;

    /// <summary>A consumer failed to take it: never reported as delivered, so its offset is never committed past.</summary>
    public bool DeliveryFailure { get; set; }
}
