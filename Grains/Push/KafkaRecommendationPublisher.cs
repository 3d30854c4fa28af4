using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Push;

/// <summary>
/// Produces pushed lists to <c>Rec:Kafka:RecommendationsTopic</c>, keyed by user id, and waits for each acknowledgement
/// (acks=all), so that a profile counts its list as sent only once the broker holds it.
/// </summary>
public sealed class KafkaRecommendationPublisher : IRecommendationPublisher, IDisposable
{
    public const string KindHeader = "rec-kind";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
    private static readonly byte[] PushKind = Encoding.UTF8.GetBytes("push");
    private readonly IProducer<string, byte[]> _producer;
    private readonly string _topic;
    private readonly TimeSpan _timeout;
    private readonly ILogger<KafkaRecommendationPublisher> _logger;

    public KafkaRecommendationPublisher(IOptions<KafkaSettings> kafka, IOptions<PushOptions> options, ILogger<KafkaRecommendationPublisher> logger)
    {
        var settings = kafka.Value;
        _topic = settings.OutTopic;
        _timeout = options.Value.PublishTimeout;
        _logger = logger;
        var config = new ProducerConfig(new Dictionary<string, string>(settings.Properties))
        {
            BootstrapServers = settings.BootstrapServers,
            Acks = Acks.All,
            LingerMs = 2,
            MessageTimeoutMs = (int)Math.Max(1000, _timeout.TotalMilliseconds),
        };
        _producer = new ProducerBuilder<string, byte[]>(config).Build();
    }

    public bool CanPublish => true;

    public async Task<bool> PublishAsync(PushedList list, CancellationToken cancellationToken)
    {
        var message = new Message<string, byte[]>
        {
            Key = list.UserId,
            Value = JsonSerializer.SerializeToUtf8Bytes(list, Json),
            Headers = [new Header(KindHeader, PushKind)],
        };
        try
        {
            await _producer.ProduceAsync(_topic, message, cancellationToken).WaitAsync(_timeout, cancellationToken);
            return true;
        }
        catch (ProduceException<string, byte[]> e)
        {
            RecLog.PushPublishFailed(_logger, list.UserId, list.Sequence, e.Error.Reason);
            return false;
        }
        catch (TimeoutException)
        {
            RecLog.PushPublishFailed(_logger, list.UserId, list.Sequence, $"no acknowledgement within {_timeout}");
            return false;
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
