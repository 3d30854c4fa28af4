using Orleans.Rec.Tools.Kafka;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>One librdkafka mock cluster for every Kafka test; tests create their own topics on it.</summary>
public sealed class KafkaMockFixture : IDisposable
{
    public KafkaMockFixture()
    {
        Cluster = new KafkaMockCluster(brokers: 1);
        Cluster.CreateTopic("recommendations", 2);
        Client = new KafkaTestClient(Cluster.BootstrapServers);
    }

    public KafkaMockCluster Cluster { get; }

    public KafkaTestClient Client { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>A fresh events topic and its dead-letter topic.</summary>
    public string NewEventsTopic(int partitions = 4)
    {
        var topic = ApiCalls.NewId("events");
        Cluster.CreateTopic(topic, partitions);
        Cluster.CreateTopic(topic + ".dlq", 1);
        return topic;
    }

    public void Dispose()
    {
        Client.Dispose();
        Cluster.Dispose();
    }
}
