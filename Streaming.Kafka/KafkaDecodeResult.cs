namespace Orleans.Rec.Streaming.Kafka;

/// <summary>What <see cref="IKafkaMessageCodec.Decode"/> made of a message: an event on a stream, or the reason it is poison.</summary>
public readonly record struct KafkaDecodeResult(StreamId StreamId, object? Event, string? Error)
{
    public bool IsPoison => Event is null;

    public static KafkaDecodeResult Success(StreamId streamId, object item) => new(streamId, item, null);

    public static KafkaDecodeResult Poison(string reason) => new(default, null, reason);
}
