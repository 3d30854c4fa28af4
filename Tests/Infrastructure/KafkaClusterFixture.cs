using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>The mock Kafka cluster, two silos consuming one events topic from it, and the gateway producing to it.</summary>
public sealed class KafkaClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _dataDir = new("rec-kafka");
    private GatewayFactory? _gateway;

    public KafkaMockFixture Kafka { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string EventsTopic { get; private set; } = null!;

    public string ConsumerGroup { get; } = "rec-" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        EventsTopic = Kafka.NewEventsTopic();
        var settings = KafkaRecSettings.For(Kafka.BootstrapServers, EventsTopic, ConsumerGroup);
        Cluster = await RecCluster.StartAsync(_dataDir.Path, 2, settings);
        _gateway = new GatewayFactory(Cluster, settings);
        Http = _gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Kafka.Dispose();
        _dataDir.Dispose();
    }
}
