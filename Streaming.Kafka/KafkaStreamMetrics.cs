using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>The provider's instruments (meter <c>Orleans.Rec.Streaming.Kafka</c>), tagged by partition where it matters.</summary>
public static class KafkaStreamMetrics
{
    public const string MeterName = "Orleans.Rec.Streaming.Kafka";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Read = Meter.CreateCounter<long>("rec.kafka.messages.read", description: "Messages read from Kafka");

    internal static readonly Counter<long> Delivered = Meter.CreateCounter<long>("rec.kafka.events.delivered", description: "Events delivered to every consumer of their stream");

    internal static readonly Counter<long> Poison = Meter.CreateCounter<long>("rec.kafka.messages.poison", description: "Poison messages whose dead letter the dead-letter topic acknowledged");

    internal static readonly Counter<long> DeadLetterFailures = Meter.CreateCounter<long>("rec.kafka.deadletters.failed", description: "Dead-letter produces that failed (each is retried; its offset holds the commit)");

    internal static readonly Counter<long> DeadLetterRetries = Meter.CreateCounter<long>("rec.kafka.deadletters.retried", description: "Dead-letter produces sent again after a failure");

    internal static readonly Counter<long> Rewinds = Meter.CreateCounter<long>("rec.kafka.rewinds", description: "Partitions rewound to their last commit because a consumer lost events");

    internal static readonly Histogram<double> PersistSeconds = Meter.CreateHistogram<double>("rec.kafka.checkpoint.persist", "s", "Time the checkpoint participant took to persist a partition's streams");

    internal static readonly Histogram<double> CommitSeconds = Meter.CreateHistogram<double>("rec.kafka.checkpoint.commit", "s", "Time to commit a partition's offset");

    /// <summary>Receivers that report their lag, by partition (<c>topic/partition</c>).</summary>
    private static readonly ConcurrentDictionary<KafkaAdapterReceiver, string> Lagging = new();

    /// <summary>
    /// Consumer lag per partition: messages in the partition (its high watermark, as of the receiver's last read) not
    /// yet committed, i.e. not yet durable in their consumers. What an operator watches to see ingest falling behind.
    /// </summary>
    internal static readonly ObservableGauge<long> Lag = Meter.CreateObservableGauge(
        "rec.kafka.lag",
        () => Lagging.Select(r => new Measurement<long>(r.Key.Lag, new KeyValuePair<string, object?>("partition", r.Value))),
        "{message}",
        "Messages in the partition not yet committed (high watermark minus committed offset)");

    /// <summary>Dead letters per partition waiting for the dead-letter topic's acknowledgement (they hold its commit).</summary>
    internal static readonly ObservableGauge<int> UnacknowledgedDeadLetters = Meter.CreateObservableGauge(
        "rec.kafka.deadletters.unacknowledged",
        () => Lagging.Select(r => new Measurement<int>(r.Key.UnacknowledgedDeadLetters, new KeyValuePair<string, object?>("partition", r.Value))),
        "{message}",
        "Dead letters not yet acknowledged by the dead-letter topic; each holds its partition's commit");

    private static long _deadLetters;

    /// <summary>Poison messages this process dead-lettered (acknowledged by the dead-letter topic) since it started.</summary>
    public static long DeadLetters => Interlocked.Read(ref _deadLetters);

    /// <summary>The lag of this process's most lagging partition; null when it reads no partition.</summary>
    public static long? MaxLag()
    {
        long? max = null;
        foreach (var receiver in Lagging.Keys)
        {
            max = Math.Max(max ?? 0, receiver.Lag);
        }

        return max;
    }

    internal static void CountPoison()
    {
        Interlocked.Increment(ref _deadLetters);
        Poison.Add(1);
    }

    internal static void ReportLag(KafkaAdapterReceiver receiver, string partition) => Lagging[receiver] = partition;

    internal static void StopReportingLag(KafkaAdapterReceiver receiver) => Lagging.TryRemove(receiver, out _);

    internal static double Since(long start) => Stopwatch.GetElapsedTime(start).TotalSeconds;
}
