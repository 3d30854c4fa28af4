using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>One silo started as a process by <see cref="FaultClusterFixture"/>: its name, ports and output.</summary>
public sealed class SiloProcess(string name, ChildProcess process, int siloPort, int gatewayPort) : IDisposable
{
    public string Name => name;

    public ChildProcess Process => process;

    /// <summary>Silo-to-silo port: the port of this silo's <c>SiloAddress</c> in the membership.</summary>
    public int SiloPort => siloPort;

    public int GatewayPort => gatewayPort;

    public bool IsAddress(SiloAddress address) => address.Endpoint.Port == siloPort;

    public void Dispose() => process.Dispose();
}
