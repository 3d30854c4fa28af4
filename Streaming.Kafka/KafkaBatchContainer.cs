using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// The consecutive events of one stream from one read of one partition. Only the stream, events and token travel;
/// the partition bookkeeping stays with the receiver that read it. Never changed once handed to Orleans, so local
/// deliveries skip the deep copy.
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.kafka.KafkaBatchContainer")]
public sealed class KafkaBatchContainer : IBatchContainer
{
    public KafkaBatchContainer(StreamId streamId, List<object> events, EventSequenceTokenV2 sequenceToken)
    {
        StreamId = streamId;
        Events = events;
        Token = sequenceToken;
    }

    [Id(0)] public StreamId StreamId { get; }

    [Id(1)] public List<object> Events { get; }

    [Id(2)] public EventSequenceTokenV2 Token { get; }

    public StreamSequenceToken SequenceToken => Token;

    /// <summary>The offset of the first event (receiver-local, not serialized).</summary>
    [NonSerialized]
    internal long FirstOffset;

    /// <summary>The receiver generation that read it; a rewind starts a new one (receiver-local, not serialized).</summary>
    [NonSerialized]
    internal int Generation;

    /// <summary>Its consumer failed it for good (set by the queue cache when it purges it; receiver-local, not serialized).</summary>
    [NonSerialized]
    internal bool DeliveryFailed;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Events.OfType<T>().Select((e, i) => Tuple.Create(e, (StreamSequenceToken)Token.CreateSequenceTokenForEvent(i)));

    public bool ImportRequestContext() => false;

    public override string ToString() => $"KafkaBatchContainer[{StreamId}, {Events.Count} events, {Token}]";
}
