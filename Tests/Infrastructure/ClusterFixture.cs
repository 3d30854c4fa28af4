using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>One two-silo cluster and one gateway shared by every test of the <see cref="ClusterCollection"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _dataDir = new("rec-cluster");
    private GatewayFactory? _gateway;

    public TestCluster Cluster { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The gateway, for clients with other keys (<see cref="GatewayFactory.CreateClient(string?)"/>).</summary>
    public GatewayFactory Gateway => _gateway ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IClusterClient Client => Cluster.Client;

    public string DataDir => _dataDir.Path;

    /// <summary>A grain's record as the storage provider holds it (what survives the activation), read through the first silo.</summary>
    public async Task<GrainState<T>> ReadStateAsync<T>(string storage, string stateName, GrainId id)
        where T : new()
    {
        var silo = Cluster.Silos.Cast<InProcessSiloHandle>().First();
        var store = silo.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(storage);
        var state = new GrainState<T>(new T());
        await store.ReadStateAsync(stateName, id, state);
        return state;
    }

    public async Task InitializeAsync()
    {
        Cluster = await RecCluster.StartAsync(_dataDir.Path);
        _gateway = new GatewayFactory(Cluster);
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
        _dataDir.Dispose();
    }
}
