using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>Produces stream events to their namespace's topic and creates one receiver per partition queue.</summary>
internal sealed class KafkaAdapter(
    string name,
    KafkaStreamOptions options,
    KafkaQueueMapper mapper,
    IKafkaMessageCodec codec,
    IKafkaCheckpointParticipant? participant,
    Lazy<IProducer<byte[]?, byte[]?>> producer,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IQueueAdapter
{
    private readonly Dictionary<string, string> _topicByNamespace = options.Topics.ToDictionary(t => t.EffectiveNamespace, t => t.Name, StringComparer.Ordinal);
    private readonly KafkaDeadLetters _deadLetters = new(options.DeadLetterTopic, producer);

    public string Name => name;

    /// <summary>
    /// Not rewindable: consumers deduplicate by event id, so a partition that rewinds after a lost checkpoint simply
    /// delivers again, without Orleans' handshake tokens (which would skip events on a new silo).
    /// </summary>
    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new KafkaAdapterReceiver(
        mapper.GetPartition(queueId),
        mapper.GetTopic(queueId),
        options,
        codec,
        participant,
        _deadLetters,
        time,
        loggerFactory.CreateLogger<KafkaAdapterReceiver>());

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        var ns = streamId.GetNamespace() ?? string.Empty;
        if (!_topicByNamespace.TryGetValue(ns, out var topic))
        {
            throw new InvalidOperationException($"Kafka stream provider '{name}' has no topic for stream namespace '{ns}'.");
        }

        await Task.WhenAll(events.Select(e => producer.Value.ProduceAsync(topic, codec.Encode(streamId, e!))));
    }
}
