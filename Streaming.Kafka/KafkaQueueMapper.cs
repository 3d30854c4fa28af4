using Confluent.Kafka;
using Orleans.Streams;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// One Orleans queue per Kafka partition, spread evenly on the hash ring so Orleans' queue balancer hands
/// partitions to silos and moves them when silos join or leave.
/// </summary>
public sealed class KafkaQueueMapper : IConsistentRingStreamQueueMapper
{
    private readonly HashRingBasedPartitionedStreamQueueMapper _ring;
    private readonly Dictionary<string, KafkaTopicOptions> _topics;

    public KafkaQueueMapper(string providerName, IReadOnlyList<KafkaTopicOptions> topics, IReadOnlyDictionary<string, int> partitionCounts)
    {
        _topics = topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var ids = new List<string>();
        foreach (var topic in topics)
        {
            for (var p = 0; p < partitionCounts[topic.Name]; p++)
            {
                ids.Add(PartitionId(topic.Name, p));
            }
        }

        _ring = new HashRingBasedPartitionedStreamQueueMapper(ids, providerName);
    }

    /// <summary>The topic partition a queue reads.</summary>
    public TopicPartition GetPartition(QueueId queue)
    {
        var id = _ring.QueueToPartition(queue);
        var slash = id.LastIndexOf('/');
        return new TopicPartition(id[..slash], new Partition(int.Parse(id.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The settings of a queue's topic.</summary>
    public KafkaTopicOptions GetTopic(QueueId queue) => _topics[GetPartition(queue).Topic];

    /// <summary>The stream of a partition delivered <see cref="KafkaDelivery.PerPartition"/>.</summary>
    public static StreamId PartitionStream(KafkaTopicOptions topic, TopicPartition partition) =>
        StreamId.Create(topic.EffectiveNamespace, PartitionId(partition.Topic, partition.Partition.Value));

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range) => _ring.GetQueuesForRange(range);

    public IEnumerable<QueueId> GetAllQueues() => _ring.GetAllQueues();

    public QueueId GetQueueForStream(StreamId streamId) => _ring.GetQueueForStream(streamId);

    private static string PartitionId(string topic, int partition) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{topic}/{partition}");
}
