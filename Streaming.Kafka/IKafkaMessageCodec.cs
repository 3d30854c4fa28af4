using Confluent.Kafka;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// Turns Kafka messages into stream events and back. The provider is generic; the application says what its
/// messages mean (one codec per silo or client, from DI).
/// </summary>
public interface IKafkaMessageCodec
{
    /// <summary>
    /// Decodes one consumed message of a topic mapped to <paramref name="streamNamespace"/>. Never throws for bad
    /// data: a message that cannot be decoded is reported with a reason and goes to the dead-letter topic.
    /// </summary>
    KafkaDecodeResult Decode(string streamNamespace, ConsumeResult<byte[]?, byte[]?> message);

    /// <summary>The message a producer writes for <paramref name="item"/> on stream <paramref name="streamId"/>.</summary>
    Message<byte[]?, byte[]?> Encode(StreamId streamId, object item);
}
