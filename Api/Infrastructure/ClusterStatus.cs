namespace Orleans.Rec.Api.Infrastructure;

/// <summary>How a model's versions run on the cluster: asks the agent on every active silo.</summary>
internal static class ClusterStatus
{
    /// <summary>One array per active silo, each with the versions of <paramref name="model"/> loaded there.</summary>
    public static async Task<Inference.LoadedVersionStatus[][]> PerSiloAsync(IClusterClient client, string model)
    {
        var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return await Task.WhenAll(silos.Keys.Select(silo => client.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).GetStatusAsync(model)));
    }

    /// <summary>The versions of <paramref name="model"/> loaded on any active silo, one entry per silo and version.</summary>
    public static async Task<Inference.LoadedVersionStatus[]> AllAsync(IClusterClient client, string model) =>
        (await PerSiloAsync(client, model)).SelectMany(s => s).ToArray();
}
