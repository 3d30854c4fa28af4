using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Alerts;

/// <summary>Publishes alert notifications to the Kafka topic <c>Rec:Kafka:AlertsTopic</c> (keyed by model, JSON).</summary>
public sealed class KafkaAlertPublisher : IAlertPublisher, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lazy<IProducer<string, byte[]>> _producer;
    private readonly KafkaSettings _settings;
    private readonly ILogger<KafkaAlertPublisher> _logger;

    public KafkaAlertPublisher(IOptions<KafkaSettings> settings, ILogger<KafkaAlertPublisher> logger)
    {
        _settings = settings.Value;
        _logger = logger;
        _producer = new(() => new ProducerBuilder<string, byte[]>(new ProducerConfig(new Dictionary<string, string>(_settings.Properties))
        {
            BootstrapServers = _settings.BootstrapServers,
            Acks = Acks.Leader,
        }).Build());
    }

    public void Publish(AlertPayload payload)
    {
        var message = new Message<string, byte[]> { Key = payload.Model, Value = JsonSerializer.SerializeToUtf8Bytes(payload, Json) };
        try
        {
            _producer.Value.Produce(_settings.AlertsTopic, message, report =>
            {
                if (report.Error.IsError)
                {
                    MonitoringLog.AlertPublishFailed(_logger, payload.Model, payload.RuleId, report.Error.Reason);
                }
            });
        }
        catch (ProduceException<string, byte[]> e)
        {
            MonitoringLog.AlertPublishFailed(_logger, payload.Model, payload.RuleId, e.Error.Reason);
        }
    }

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
    }
}
