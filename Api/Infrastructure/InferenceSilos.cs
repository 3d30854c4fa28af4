namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// Where a raw inference request from the API (the Open Inference Protocol) runs: the inference service of an active
/// silo, reached through that silo's agent grain. Silos are taken in turn; the list of active silos is asked for at
/// most every <see cref="RefreshInterval"/>. On the local profile there is one silo: the process the API runs in.
/// </summary>
internal sealed class InferenceSilos(IClusterClient client, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private volatile Snapshot? _silos;
    private int _next;

    /// <summary>The agent of the next active silo.</summary>
    public async Task<ISiloAgentGrain> NextAsync()
    {
        var silos = _silos;
        if (silos is null || time.GetElapsedTime(silos.At) > RefreshInterval)
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            silos = _silos = new Snapshot(hosts.Keys.Select(s => s.ToParsableString()).Order(StringComparer.Ordinal).ToArray(), time.GetTimestamp());
        }

        if (silos.Keys.Length == 0)
        {
            throw new SiloUnavailableException("the cluster has no active silo");
        }

        var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)silos.Keys.Length);
        return client.GetGrain<ISiloAgentGrain>(silos.Keys[index]);
    }

    private sealed record Snapshot(string[] Keys, long At);
}
