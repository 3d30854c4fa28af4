using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// Reads one Kafka partition (one Orleans queue). The partition is assigned explicitly (the Orleans queue balancer,
/// not a consumer-group rebalance, decides who reads it) and reading resumes at the group's committed offset.
/// <para>
/// At-least-once: a batch counts as delivered when Orleans' queue cache purges it (every consumer cursor has moved
/// past it). Every <see cref="KafkaStreamOptions.CommitInterval"/> the receiver takes the lowest offset not yet
/// delivered, asks the <see cref="IKafkaCheckpointParticipant"/> to persist the streams delivered since the last
/// checkpoint, and only then commits that offset. A poison message's offset counts as not delivered until the
/// dead-letter topic acknowledged it (<see cref="KafkaPartitionDeadLetters"/>): a failing dead-letter topic holds the
/// commit there, and the partition stops reading once <see cref="KafkaStreamOptions.MaxUnacknowledgedDeadLetters"/>
/// wait. A partition that has caught up with its
/// topic, delivered everything it read and stayed quiet for <see cref="KafkaStreamOptions.CaughtUpCommitDelay"/>
/// checkpoints then, so the end of a burst becomes durable without waiting out the interval.
/// </para>
/// </summary>
internal sealed class KafkaAdapterReceiver(
    TopicPartition partition,
    KafkaTopicOptions topic,
    KafkaStreamOptions options,
    IKafkaMessageCodec codec,
    IKafkaCheckpointParticipant? participant,
    KafkaDeadLetters deadLetters,
    TimeProvider time,
    ILogger logger) : IQueueAdapterReceiver
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);
    private readonly Lock _lock = new();
    private readonly string _name = $"{partition.Topic}/{partition.Partition.Value}";
    private readonly KafkaPartitionDeadLetters _deadLetters = new(deadLetters, $"{partition.Topic}/{partition.Partition.Value}", time, options.DeadLetterRetryInterval, logger);
    private readonly string _streamNamespace = topic.EffectiveNamespace;
    private readonly StreamId? _partitionStream = topic.Delivery == KafkaDelivery.PerPartition ? KafkaQueueMapper.PartitionStream(topic, partition) : null;
    private readonly SortedSet<long> _outstanding = [];
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
    private Dictionary<StreamId, List<object>> _delivered = [];
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private ITimer? _timer;
    private long _sequence;
    private int _generation;
    private long _nextOffset = -1;
    private long _committed = -1;
    private bool _rewind;
    private long _lastRead;
    private bool _quietCheckpointDone = true;
    private bool _checkpointAgain;
    private long _highWatermark = -1;
    private bool _heldByDeadLetters;

    /// <summary>The offset committed last by this receiver (-1 before the first).</summary>
    public long CommittedOffset => Volatile.Read(ref _committed);

    /// <summary>Dead letters of this partition not yet acknowledged by the dead-letter topic.</summary>
    public int UnacknowledgedDeadLetters => _deadLetters.Unacknowledged;

    /// <summary>Dead letters of this partition whose last produce failed, waiting for their retry.</summary>
    public int FailingDeadLetters => _deadLetters.Failing;

    /// <summary>Messages of the partition (as of the last read's high watermark) not yet committed.</summary>
    public long Lag
    {
        get
        {
            var high = Volatile.Read(ref _highWatermark);
            return high < 0 ? 0 : Math.Max(0, high - Math.Max(0, CommittedOffset));
        }
    }

    public async Task Initialize(TimeSpan timeout)
    {
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfigs.Consumer(options))
            .SetErrorHandler((_, e) => KafkaLog.ConsumeError(logger, _name, e.Reason))
            .Build();
        var committed = await Task.Run(() => _consumer.Committed([partition], timeout).Single().Offset);
        _committed = committed.IsSpecial ? -1 : committed.Value;
        _nextOffset = _committed;
        _consumer.Assign(new TopicPartitionOffset(partition, committed.IsSpecial ? Offset.Beginning : committed));
        KafkaLog.PartitionAssigned(logger, _name, _committed);
        KafkaStreamMetrics.ReportLag(this, _name);
        _timer = time.CreateTimer(_ => _ = CheckpointAsync(), null, options.CommitInterval, options.CommitInterval);
    }

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        var consumer = _consumer ?? throw new InvalidOperationException("The receiver is not initialized.");
        int generation;
        lock (_lock)
        {
            if (_rewind)
            {
                _rewind = false;
                _generation++;
                _outstanding.Clear();
                _delivered.Clear();
                _nextOffset = _committed;
                consumer.Seek(new TopicPartitionOffset(partition, _committed >= 0 ? new Offset(_committed) : Offset.Beginning));
            }

            generation = _generation;
        }

        _deadLetters.RetryFailed();
        var unacknowledged = _deadLetters.Unacknowledged;
        if (unacknowledged >= options.MaxUnacknowledgedDeadLetters)
        {
            // Back-pressure: a dead-letter topic that keeps failing stops this partition rather than pile up
            // messages that can be neither committed nor dropped.
            if (!_heldByDeadLetters)
            {
                _heldByDeadLetters = true;
                KafkaLog.ReadingHeldByDeadLetters(logger, _name, unacknowledged);
            }

            return Task.FromResult<IList<IBatchContainer>>([]);
        }

        _heldByDeadLetters = false;
        var limit = maxCount > 0 ? Math.Min(maxCount, options.PollBatchSize) : options.PollBatchSize;
        var read = 0;
        var containers = new List<IBatchContainer>();
        var byStream = new Dictionary<StreamId, KafkaBatchContainer>();
        long lastOffset = -1;
        for (var i = 0; i < limit; i++)
        {
            ConsumeResult<byte[]?, byte[]?>? message;
            try
            {
                message = consumer.Consume(TimeSpan.Zero);
            }
            catch (ConsumeException e)
            {
                KafkaLog.ConsumeError(logger, _name, e.Error.Reason);
                break;
            }

            if (message is null || message.IsPartitionEOF)
            {
                break;
            }

            lastOffset = message.Offset.Value;
            read++;
            var decoded = Decode(message);
            if (decoded.IsPoison)
            {
                _deadLetters.Add(message, decoded.Error ?? "undecodable");
                continue;
            }

            // Per partition, the whole read is one batch on the partition's stream; per key, one batch per key.
            var streamId = _partitionStream ?? decoded.StreamId;
            if (byStream.TryGetValue(streamId, out var container))
            {
                container.Events.Add(decoded.Event!);
                continue;
            }

            container = new KafkaBatchContainer(streamId, [decoded.Event!], new EventSequenceTokenV2(_sequence++))
            {
                FirstOffset = message.Offset.Value,
                Generation = generation,
            };
            byStream.Add(streamId, container);
            containers.Add(container);
        }

        // The high watermark librdkafka cached from its last fetch (no broker round trip), for the lag gauge.
        Volatile.Write(ref _highWatermark, consumer.GetWatermarkOffsets(partition).High.Value);
        if (read > 0)
        {
            KafkaStreamMetrics.Read.Add(read);
            _lastRead = time.GetTimestamp();
            _quietCheckpointDone = false;
        }
        else if (!_quietCheckpointDone && time.GetElapsedTime(_lastRead) >= options.CaughtUpCommitDelay && IsFullyDelivered())
        {
            _quietCheckpointDone = true;
            _ = CheckpointAsync();
        }

        lock (_lock)
        {
            if (generation == _generation && lastOffset >= 0)
            {
                foreach (KafkaBatchContainer c in containers)
                {
                    _outstanding.Add(c.FirstOffset);
                }

                _nextOffset = lastOffset + 1;
            }
        }

        return Task.FromResult<IList<IBatchContainer>>(containers);
    }

    private bool IsFullyDelivered()
    {
        lock (_lock)
        {
            return _outstanding.Count == 0 && _deadLetters.Unacknowledged == 0;
        }
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        lock (_lock)
        {
            foreach (var message in messages)
            {
                if (message is not KafkaBatchContainer c || c.Generation != _generation)
                {
                    continue;
                }

                if (c.DeliveryFailed)
                {
                    // Its consumer failed it for good: read again from the last commit (consumers drop what they
                    // already have) rather than hold this partition's commits forever or skip the events.
                    KafkaStreamMetrics.Rewinds.Add(1);
                    _rewind = true;
                    KafkaLog.DeliveryFailedRewinding(logger, _name, c.FirstOffset, _committed);
                    continue;
                }

                if (_outstanding.Remove(c.FirstOffset))
                {
                    if (!_delivered.TryGetValue(c.StreamId, out var events))
                    {
                        _delivered[c.StreamId] = events = [];
                    }

                    events.AddRange(c.Events);
                    KafkaStreamMetrics.Delivered.Add(c.Events.Count);
                }
            }
        }

        return Task.CompletedTask;
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        KafkaStreamMetrics.StopReportingLag(this);
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        // Let a running checkpoint finish, then take the last one: a graceful release commits everything delivered.
        if (await _checkpointGate.WaitAsync(timeout))
        {
            _checkpointGate.Release();
        }

        await CheckpointAsync();
        if (_consumer is { } consumer)
        {
            KafkaLog.PartitionReleased(logger, _name, _committed);
            await Task.Run(() =>
            {
                consumer.Close();
                consumer.Dispose();
            });
            _consumer = null;
        }
    }

    /// <summary>Persist what was delivered, then commit up to the first offset not yet delivered.</summary>
    internal async Task CheckpointAsync()
    {
        if (!await _checkpointGate.WaitAsync(0))
        {
            // One is running: it runs again when done (a caught-up partition must not wait for the next interval).
            Volatile.Write(ref _checkpointAgain, true);
            return;
        }

        // Wait for the dead letters' delivery reports first: an acknowledged one no longer holds the commit.
        try
        {
            await Task.Run(() => deadLetters.Flush(FlushTimeout));
        }
        catch (KafkaException e)
        {
            // Nothing is lost: the commit below still stops at every dead letter not acknowledged.
            KafkaLog.CheckpointFailed(logger, e, _name);
        }

        Dictionary<StreamId, List<object>> delivered;
        long commitTo;
        int generation;
        lock (_lock)
        {
            if (_rewind || _consumer is null)
            {
                _checkpointGate.Release();
                return;
            }

            commitTo = _outstanding.Count > 0 ? _outstanding.Min : _nextOffset;
            if (_deadLetters.LowestUnacknowledged is { } held && held < commitTo)
            {
                commitTo = held;
            }

            delivered = _delivered;
            _delivered = [];
            generation = _generation;
        }

        try
        {
            if (commitTo < 0 || (commitTo <= _committed && delivered.Count == 0))
            {
                return;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var durable = delivered.Count == 0 || participant is null || await participant.PersistAsync(delivered, CancellationToken.None);
            KafkaStreamMetrics.PersistSeconds.Record(KafkaStreamMetrics.Since(started));
            if (!durable)
            {
                KafkaStreamMetrics.Rewinds.Add(1);
                lock (_lock)
                {
                    _rewind = generation == _generation;
                }

                KafkaLog.Rewinding(logger, _name, _committed);
                return;
            }

            if (commitTo > _committed && _consumer is { } consumer)
            {
                started = System.Diagnostics.Stopwatch.GetTimestamp();
                await Task.Run(() => consumer.Commit([new TopicPartitionOffset(partition, commitTo)]));
                KafkaStreamMetrics.CommitSeconds.Record(KafkaStreamMetrics.Since(started));
                Volatile.Write(ref _committed, commitTo);
                _deadLetters.Committed(commitTo);
                KafkaLog.Committed(logger, _name, commitTo, delivered.Count);
            }
        }
        catch (Exception e)
        {
            // Whatever failed, the delivered streams go back for the next checkpoint: dropping them would let a later
            // commit pass events that were never persisted.
            lock (_lock)
            {
                if (generation == _generation)
                {
                    foreach (var (stream, events) in delivered)
                    {
                        if (_delivered.TryGetValue(stream, out var newer))
                        {
                            events.AddRange(newer);
                        }

                        _delivered[stream] = events;
                    }
                }
            }

            KafkaLog.CheckpointFailed(logger, e, _name);
        }
        finally
        {
            _checkpointGate.Release();
        }

        if (Interlocked.Exchange(ref _checkpointAgain, false))
        {
            await CheckpointAsync();
        }
    }

    private KafkaDecodeResult Decode(ConsumeResult<byte[]?, byte[]?> message)
    {
        try
        {
            return codec.Decode(_streamNamespace, message);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return KafkaDecodeResult.Poison(e.Message);
        }
    }
}
