using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Orleans.Rec.Events;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// Produces events to <c>Rec:Kafka:UserHistoryTopic</c> keyed by user id in the v1 JSON shape, exactly as shops' own
/// producers do; the request completes when the brokers acknowledged every event.
/// </summary>
internal sealed class KafkaEventPublisher : IEventPublisher, IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;

    public KafkaEventPublisher(IOptions<KafkaSettings> settings)
    {
        var kafka = settings.Value;
        _topic = kafka.HistoryTopic;
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig(new Dictionary<string, string>(kafka.Properties))
        {
            BootstrapServers = kafka.BootstrapServers,
            Acks = Acks.All,
            LingerMs = 2,
        }).Build();
    }

    public Task PublishAsync(IReadOnlyList<UserEvent> events, CancellationToken cancellationToken) =>
        Task.WhenAll(events.Select(e => _producer.ProduceAsync(
            _topic,
            new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(e.UserId), Value = UserEventJson.Serialize(e) },
            cancellationToken)));

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
