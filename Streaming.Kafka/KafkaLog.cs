using Microsoft.Extensions.Logging;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>Every log message of the Kafka stream provider, with stable event ids (3000-3999).</summary>
internal static partial class KafkaLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Kafka stream provider '{Provider}': {Queues} partitions over topics {Topics} at {Servers}")]
    public static partial void ProviderStarted(ILogger logger, string provider, int queues, string topics, string servers);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Partition {Partition} assigned; resuming at committed offset {Offset}")]
    public static partial void PartitionAssigned(ILogger logger, string partition, long offset);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Partition {Partition} released at committed offset {Offset}")]
    public static partial void PartitionReleased(ILogger logger, string partition, long offset);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Kafka consumer error on {Partition}: {Reason}")]
    public static partial void ConsumeError(ILogger logger, string partition, string reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Debug, Message = "Partition {Partition} committed offset {Offset} after persisting {Streams} streams")]
    public static partial void Committed(ILogger logger, string partition, long offset, int streams);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Checkpoint of {Partition} failed; the next one retries")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception, string partition);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Partition {Partition}: a consumer lost delivered events; rewinding to committed offset {Offset}")]
    public static partial void Rewinding(ILogger logger, string partition, long offset);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Warning, Message = "Partition {Partition}: commit held at {Offset}: {Outstanding} batches not yet delivered")]
    public static partial void CommitHeld(ILogger logger, string partition, long offset, int outstanding);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Warning, Message = "Partition {Partition}: delivery of the batch at offset {Offset} failed; rewinding to committed offset {Committed}")]
    public static partial void DeliveryFailedRewinding(ILogger logger, string partition, long offset, long committed);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "Poison message {Partition}@{Offset} sent to {DeadLetterTopic}: {Reason}")]
    public static partial void Poison(ILogger logger, string partition, long offset, string deadLetterTopic, string reason);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Error, Message = "Dead-letter produce to {DeadLetterTopic} of {Partition}@{Offset} failed ({Code}: {Reason}); the commit is held there and the produce retried")]
    public static partial void DeadLetterFailed(ILogger logger, string deadLetterTopic, string partition, long offset, Confluent.Kafka.ErrorCode code, string reason);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Error, Message = "Partition {Partition} stopped reading: {Unacknowledged} dead letters wait for the dead-letter topic")]
    public static partial void ReadingHeldByDeadLetters(ILogger logger, string partition, int unacknowledged);
}
