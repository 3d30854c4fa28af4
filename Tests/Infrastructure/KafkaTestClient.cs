using System.Text;
using Confluent.Kafka;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>A plain Confluent.Kafka producer and reader against the mock cluster, as a shop's own services would use.</summary>
public sealed class KafkaTestClient(string bootstrapServers) : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        Acks = Acks.All,
        LingerMs = 1,
        QueueBufferingMaxMessages = 1_000_000,
    }).Build();

    public string BootstrapServers => bootstrapServers;

    public Task ProduceAsync(string topic, string? key, string value) =>
        _producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = key is null ? null : Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value) });

    public static string EventJson(string userId, string itemId, string? eventId = null, string type = "view") =>
        eventId is null
            ? $$"""{"userId":"{{userId}}","itemId":"{{itemId}}","type":"{{type}}","timestamp":"2026-11-01T10:00:00Z"}"""
            : $$"""{"eventId":"{{eventId}}","userId":"{{userId}}","itemId":"{{itemId}}","type":"{{type}}","timestamp":"2026-11-01T10:00:00Z"}""";

    /// <summary>Reads <paramref name="topic"/> from the beginning until <paramref name="count"/> matching messages arrived or the deadline passed.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> Read(string topic, Func<ConsumeResult<byte[]?, byte[]?>, bool> match, int count, TimeSpan? timeout = null)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build())
        {
            var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
            consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)));
        }

        var found = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (found.Count < count && DateTime.UtcNow < deadline)
        {
            var message = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (message is not null && !message.IsPartitionEOF && match(message))
            {
                found.Add(message);
            }
        }

        return found;
    }

    /// <summary>Every message of <paramref name="topic"/> that matches, from the beginning to the end of every partition as it is now.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadToEnd(string topic, Func<ConsumeResult<byte[]?, byte[]?>, bool> match, TimeSpan? timeout = null)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        var ends = new Dictionary<int, long>();
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build())
        {
            foreach (var partition in admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions)
            {
                var end = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition.PartitionId), TimeSpan.FromSeconds(10)).High.Value;
                if (end > 0)
                {
                    ends[partition.PartitionId] = end;
                }
            }
        }

        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var found = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (ends.Count > 0 && DateTime.UtcNow < deadline)
        {
            var message = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (message is null || message.IsPartitionEOF)
            {
                continue;
            }

            if (match(message))
            {
                found.Add(message);
            }

            if (message.Offset.Value + 1 >= ends.GetValueOrDefault(message.Partition.Value, long.MaxValue))
            {
                ends.Remove(message.Partition.Value);
            }
        }

        Assert.True(ends.Count == 0, $"partitions {string.Join(",", ends.Keys)} of {topic} were not read to their end in time");
        return found;
    }

    /// <summary>The offsets <paramref name="group"/> committed on <paramref name="topic"/>, summed over partitions (unset counts 0).</summary>
    public long CommittedTotal(string topic, string group)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = group }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        return consumer.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(o => o.Offset.IsSpecial ? 0 : o.Offset.Value);
    }

    /// <summary>The end offsets of <paramref name="topic"/>, summed over partitions.</summary>
    public long EndTotal(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "watermarks" }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(10)).High.Value);
    }

    public static string Header(ConsumeResult<byte[]?, byte[]?> message, string name) =>
        message.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : string.Empty;

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
