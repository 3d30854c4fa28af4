using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// The dead letters of one partition from their first send until the dead-letter topic acknowledges them. Until then
/// a poison message's offset holds the partition's commit (<see cref="LowestUnacknowledged"/>): a commit past it
/// would lose a message that was neither applied nor dead-lettered. A failed send is retried every
/// <see cref="KafkaStreamOptions.DeadLetterRetryInterval"/>, never skipped. Offsets acknowledged above the last commit
/// are remembered, so a partition that rewinds does not dead-letter the same message twice.
/// </summary>
internal sealed class KafkaPartitionDeadLetters(KafkaDeadLetters sender, string partition, TimeProvider time, TimeSpan retryInterval, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, Pending> _unacknowledged = [];
    private readonly SortedSet<long> _acknowledged = [];

    /// <summary>Dead letters sent or failed and not yet acknowledged.</summary>
    public int Unacknowledged
    {
        get
        {
            lock (_lock)
            {
                return _unacknowledged.Count;
            }
        }
    }

    /// <summary>Dead letters whose last send failed, waiting for a retry.</summary>
    public int Failing
    {
        get
        {
            lock (_lock)
            {
                return _unacknowledged.Values.Count(p => p.FailedAt is not null);
            }
        }
    }

    /// <summary>The lowest offset whose dead letter is not acknowledged: no commit may pass it.</summary>
    public long? LowestUnacknowledged
    {
        get
        {
            lock (_lock)
            {
                return _unacknowledged.Count > 0 ? _unacknowledged.Keys.First() : null;
            }
        }
    }

    /// <summary>Dead-letters <paramref name="message"/> unless this partition already did (or is doing) so.</summary>
    public void Add(ConsumeResult<byte[]?, byte[]?> message, string reason)
    {
        var offset = message.Offset.Value;
        if (!sender.Enabled)
        {
            KafkaLog.Poison(logger, partition, offset, "(dropped: no dead-letter topic)", reason);
            return;
        }

        Pending pending;
        lock (_lock)
        {
            if (_acknowledged.Contains(offset) || _unacknowledged.ContainsKey(offset))
            {
                return;
            }

            _unacknowledged[offset] = pending = new Pending(message, reason);
        }

        KafkaLog.Poison(logger, partition, offset, sender.Topic, reason);
        Send(offset, pending);
    }

    /// <summary>Sends again every dead letter whose last send failed at least the retry interval ago.</summary>
    public void RetryFailed()
    {
        List<(long Offset, Pending Pending)> due = [];
        lock (_lock)
        {
            foreach (var (offset, pending) in _unacknowledged)
            {
                if (pending.FailedAt is { } failedAt && time.GetElapsedTime(failedAt) >= retryInterval)
                {
                    pending.FailedAt = null;
                    due.Add((offset, pending));
                }
            }
        }

        foreach (var (offset, pending) in due)
        {
            KafkaStreamMetrics.DeadLetterRetries.Add(1);
            Send(offset, pending);
        }
    }

    /// <summary>The partition committed <paramref name="offset"/>: it never reads below it again.</summary>
    public void Committed(long offset)
    {
        lock (_lock)
        {
            _acknowledged.RemoveWhere(o => o < offset);
        }
    }

    private void Send(long offset, Pending pending)
    {
        var refused = sender.Send(pending.Message, pending.Reason, error => Report(offset, error));
        if (refused != Confluent.Kafka.ErrorCode.NoError)
        {
            Report(offset, new Error(refused));
        }
    }

    private void Report(long offset, Error error)
    {
        lock (_lock)
        {
            if (!_unacknowledged.TryGetValue(offset, out var pending))
            {
                return;
            }

            if (!error.IsError)
            {
                _unacknowledged.Remove(offset);
                _acknowledged.Add(offset);
                KafkaStreamMetrics.CountPoison();
                return;
            }

            pending.FailedAt = time.GetTimestamp();
        }

        KafkaStreamMetrics.DeadLetterFailures.Add(1);
        KafkaLog.DeadLetterFailed(logger, sender.Topic, partition, offset, error.Code, error.Reason);
    }

    private sealed class Pending(ConsumeResult<byte[]?, byte[]?> message, string reason)
    {
        public ConsumeResult<byte[]?, byte[]?> Message { get; } = message;

        public string Reason { get; } = reason;

        /// <summary>When the last send failed; null while a send is in flight.</summary>
        public long? FailedAt { get; set; }
    }
}
