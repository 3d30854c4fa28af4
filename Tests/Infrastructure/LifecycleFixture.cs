using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>A three-silo cluster and its gateway for the model lifecycle tests, with a client per role.</summary>
public sealed class LifecycleFixture : IAsyncLifetime
{
    private readonly TempDirectory _dataDir = new("rec-lifecycle");

    public TestCluster Cluster { get; private set; } = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    /// <summary>Sends the operator key.</summary>
    public HttpClient Operator { get; private set; } = null!;

    /// <summary>Sends the shop key.</summary>
    public HttpClient Shop { get; private set; } = null!;

    /// <summary>Sends no key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await RecCluster.StartAsync(_dataDir.Path, silos: 3);
        Gateway = new GatewayFactory(Cluster);
        Operator = Gateway.CreateClient();
        Shop = Gateway.CreateClient(GatewayFactory.ShopKey);
        Anonymous = Gateway.CreateClient(null);
    }

    public async Task DisposeAsync()
    {
        Operator.Dispose();
        Shop.Dispose();
        Anonymous.Dispose();
        await Gateway.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _dataDir.Dispose();
    }
}
