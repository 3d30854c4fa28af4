using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Orleans.Rec.Events;
using Orleans.Rec.Streaming.Kafka;

namespace Orleans.Rec.Streaming;

/// <summary>
/// User events on Kafka: key = user id, value = the v1 JSON event. The stream is the body's user id (a key that
/// disagrees is poison, so a profile never receives another user's event). Events without an id get
/// <c>topic/partition/offset</c>, so redelivery of the same message is recognised.
/// </summary>
public sealed class UserEventKafkaCodec : IKafkaMessageCodec
{
    public KafkaDecodeResult Decode(string streamNamespace, ConsumeResult<byte[]?, byte[]?> message)
    {
        if (message.Message.Value is not { Length: > 0 } value)
        {
            return KafkaDecodeResult.Poison("empty message");
        }

        var fallbackId = string.Create(CultureInfo.InvariantCulture, $"{message.Topic}/{message.Partition.Value}/{message.Offset.Value}");
        var fallbackTime = message.Message.Timestamp.Type == TimestampType.NotAvailable ? DateTimeOffset.UtcNow : new DateTimeOffset(message.Message.Timestamp.UtcDateTime);
        if (!UserEventJson.TryParse(value, fallbackId, fallbackTime, out var e, out var error))
        {
            return KafkaDecodeResult.Poison(error!);
        }

        if (message.Message.Key is { Length: > 0 } key && !key.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(e!.UserId)))
        {
            return KafkaDecodeResult.Poison($"key '{Encoding.UTF8.GetString(key)}' does not match userId '{e.UserId}'");
        }

        // Where and when it was produced travel with the event: a pushed list names its trigger's offset and time.
        DateTimeOffset? producedAt = message.Message.Timestamp.Type == TimestampType.NotAvailable ? null : fallbackTime;
        return KafkaDecodeResult.Success(StreamId.Create(streamNamespace, e!.UserId), e with { Source = fallbackId, ProducedAt = producedAt });
    }

    public Message<byte[]?, byte[]?> Encode(StreamId streamId, object item)
    {
        var e = item as UserEvent ?? throw new ArgumentException($"Only {nameof(UserEvent)} travels on Kafka, not {item.GetType().Name}.", nameof(item));
        return new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(e.UserId), Value = UserEventJson.Serialize(e) };
    }
}
