using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// Sends poison messages to the dead-letter topic with their origin and the reason as headers. Sends are
/// asynchronous; a checkpoint flushes them before it commits past their offsets.
/// </summary>
internal sealed class KafkaDeadLetters(string topic, Lazy<IProducer<byte[]?, byte[]?>> producer, ILogger logger)
{
    public const string KeyHeader = "original-key";
    public const string TopicHeader = "original-topic";
    public const string PartitionHeader = "partition";
    public const string OffsetHeader = "offset";
    public const string ReasonHeader = "reason";

    private long _pending;

    public void Send(ConsumeResult<byte[]?, byte[]?> message, string reason)
    {
        var partition = $"{message.Topic}/{message.Partition.Value}";
        KafkaLog.Poison(logger, partition, message.Offset.Value, string.IsNullOrEmpty(topic) ? "(dropped: no dead-letter topic)" : topic, reason);
        if (string.IsNullOrEmpty(topic))
        {
            return;
        }

        var headers = new Headers
        {
            { KeyHeader, message.Message.Key ?? [] },
            { TopicHeader, Encoding.UTF8.GetBytes(message.Topic) },
            { PartitionHeader, Encoding.UTF8.GetBytes(message.Partition.Value.ToString(CultureInfo.InvariantCulture)) },
            { OffsetHeader, Encoding.UTF8.GetBytes(message.Offset.Value.ToString(CultureInfo.InvariantCulture)) },
            { ReasonHeader, Encoding.UTF8.GetBytes(reason) },
        };
        Interlocked.Increment(ref _pending);
        producer.Value.Produce(topic, new Message<byte[]?, byte[]?> { Key = message.Message.Key, Value = message.Message.Value, Headers = headers }, report =>
        {
            if (report.Error.IsError)
            {
                KafkaLog.DeadLetterFailed(logger, topic, report.Error.Reason);
            }
        });
    }

    /// <summary>Waits until every dead letter sent so far is acknowledged (or failed and logged).</summary>
    public void Flush(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _pending, 0) > 0)
        {
            producer.Value.Flush(timeout);
        }
    }
}
