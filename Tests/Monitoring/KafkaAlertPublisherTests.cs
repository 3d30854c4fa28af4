using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Rec.Alerts;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>Alert notifications on the Kafka topic <c>alerts</c> (a real Kafka-protocol mock broker).</summary>
public sealed class KafkaAlertPublisherTests(KafkaMockFixture kafka) : IClassFixture<KafkaMockFixture>
{
    [Fact]
    public void Publish_WhenKafkaIsConfigured_WritesTheNotificationKeyedByModel()
    {
        var topic = ApiCalls.NewId("alerts");
        kafka.Cluster.CreateTopic(topic, 1);
        var model = ApiCalls.NewId("kalert");
        var firedAt = new DateTime(2026, 11, 27, 7, 0, 0, DateTimeKind.Utc);
        var payload = new AlertPayload("firing", 7, model, 3, "p99-latency", "p99LatencyMs", ">", 250, 300, "warning", 311.5, null, firedAt, null, false, null, false, null, null);

        using (var publisher = new KafkaAlertPublisher(Options.Create(new KafkaSettings { BootstrapServers = kafka.BootstrapServers, AlertsTopic = topic }), NullLogger<KafkaAlertPublisher>.Instance))
        {
            publisher.Publish(payload);
        }

        var message = Assert.Single(kafka.Client.Read(topic, _ => true, 1));
        Assert.Equal(model, Encoding.UTF8.GetString(message.Message.Key!));
        using var json = JsonDocument.Parse(message.Message.Value!);
        Assert.Equal("firing", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(311.5, json.RootElement.GetProperty("value").GetDouble());
        Assert.Equal("p99-latency", json.RootElement.GetProperty("ruleId").GetString());
        Assert.Equal(payload, JsonSerializer.Deserialize<AlertPayload>(message.Message.Value!, ApiCalls.Json));
    }
}
