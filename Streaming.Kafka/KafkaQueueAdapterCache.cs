using Orleans.Streams;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>Creates one stream-indexed <see cref="KafkaQueueCache"/> per partition queue.</summary>
internal sealed class KafkaQueueAdapterCache(KafkaStreamOptions options) : IQueueAdapterCache
{
    public IQueueCache CreateQueueCache(QueueId queueId) => new KafkaQueueCache(options.CacheSize, options.PollBatchSize);
}
