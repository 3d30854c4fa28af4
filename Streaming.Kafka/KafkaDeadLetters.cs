using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// Produces poison messages to the dead-letter topic with their origin and the reason as headers. One per adapter,
/// shared by its receivers; each receiver tracks its own dead letters until they are acknowledged
/// (<see cref="KafkaPartitionDeadLetters"/>).
/// </summary>
internal sealed class KafkaDeadLetters(string topic, Lazy<IProducer<byte[]?, byte[]?>> producer)
{
    public const string KeyHeader = "original-key";
    public const string TopicHeader = "original-topic";
    public const string PartitionHeader = "partition";
    public const string OffsetHeader = "offset";
    public const string ReasonHeader = "reason";

    private long _sent;

    /// <summary>Whether a dead-letter topic is configured; without one poison messages are dropped (and logged).</summary>
    public bool Enabled => !string.IsNullOrEmpty(topic);

    public string Topic => topic;

    /// <summary>
    /// Hands the message to the producer; <paramref name="acknowledged"/> later gets the delivery report's error
    /// (<see cref="Confluent.Kafka.ErrorCode.NoError"/> once the topic stored it). Returns the error when the producer refused the
    /// message at once (its queue full, the producer failed): then no report follows.
    /// </summary>
    public Confluent.Kafka.ErrorCode Send(ConsumeResult<byte[]?, byte[]?> message, string reason, Action<Error> acknowledged)
    {
        var headers = new Headers
        {
            { KeyHeader, message.Message.Key ?? [] },
            { TopicHeader, Encoding.UTF8.GetBytes(message.Topic) },
            { PartitionHeader, Encoding.UTF8.GetBytes(message.Partition.Value.ToString(CultureInfo.InvariantCulture)) },
            { OffsetHeader, Encoding.UTF8.GetBytes(message.Offset.Value.ToString(CultureInfo.InvariantCulture)) },
            { ReasonHeader, Encoding.UTF8.GetBytes(reason) },
        };
        try
        {
            producer.Value.Produce(topic, new Message<byte[]?, byte[]?> { Key = message.Message.Key, Value = message.Message.Value, Headers = headers }, report => acknowledged(report.Error));
            Interlocked.Increment(ref _sent);
            return Confluent.Kafka.ErrorCode.NoError;
        }
        catch (KafkaException e)
        {
            // ProduceException included: librdkafka refused the message before queueing it (Local_QueueFull, ...).
            return e.Error.Code;
        }
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for the delivery reports of what was sent so far.</summary>
    public void Flush(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _sent, 0) > 0)
        {
            producer.Value.Flush(timeout);
        }
    }
}
