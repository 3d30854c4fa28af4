using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace Orleans.Rec.Bench.Kafka;

/// <summary>
/// A shop's consumer of pushed lists: reads every partition of the recommendations topic from the start, keeps the
/// first list of each (user, sequence) (repeats dropped, as the message contract asks) and the end-to-end latency of
/// each: consumed now minus the trigger event's Kafka timestamp (when it was produced).
/// </summary>
public sealed class PushListConsumer : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly ConcurrentDictionary<(string User, long Sequence), double> _lists = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _repeats;

    public PushListConsumer(string servers, string topic, int partitions)
    {
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = servers,
            GroupId = "bench-shop-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 5,
        }).Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        _thread = new Thread(Run) { IsBackground = true, Name = "push-list-consumer" };
        _thread.Start();
    }

    /// <summary>Distinct lists of <paramref name="sequence"/> consumed so far.</summary>
    public int CountOf(long sequence) => _lists.Keys.Count(k => k.Sequence == sequence);

    public long Repeats => Interlocked.Read(ref _repeats);

    /// <summary>End-to-end latencies (ms) of the lists with sequence in <paramref name="sequences"/>.</summary>
    public double[] Latencies(IReadOnlySet<long> sequences) => _lists.Where(l => sequences.Contains(l.Key.Sequence)).Select(l => l.Value).ToArray();

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            var message = _consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (message is null || message.IsPartitionEOF || !IsPush(message))
            {
                continue;
            }

            var consumedAt = DateTimeOffset.UtcNow;
            using var json = JsonDocument.Parse(message.Message.Value);
            var root = json.RootElement;
            var user = root.GetProperty("userId").GetString()!;
            var sequence = root.GetProperty("sequence").GetInt64();
            var produced = root.GetProperty("trigger").GetProperty("producedAt").GetDateTimeOffset();
            if (!_lists.TryAdd((user, sequence), (consumedAt - produced).TotalMilliseconds))
            {
                Interlocked.Increment(ref _repeats);
            }
        }
    }

    private static bool IsPush(ConsumeResult<byte[]?, byte[]?> message) =>
        message.Message.Headers is { } headers && headers.TryGetLastBytes("rec-kind", out var kind) && Encoding.UTF8.GetString(kind) == "push";
}
