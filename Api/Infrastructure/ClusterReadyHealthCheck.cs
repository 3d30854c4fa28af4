using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// Ready when the gateway can reach the cluster, it has at least one active silo, and every model's active version
/// (of the models in the catalog, those that have served) is loaded and warmed on at least one active silo. With no
/// model at all the cluster is ready: there is nothing to wait for.
/// </summary>
internal sealed class ClusterReadyHealthCheck(IClusterClient client, IOptions<ApiOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await CheckAsync().WaitAsync(options.Value.ReadinessTimeout, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster is not reachable: " + e.Message);
        }
    }

    private async Task<HealthCheckResult> CheckAsync()
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        if (hosts.Count == 0)
        {
            return HealthCheckResult.Unhealthy("the cluster has no active silo");
        }

        var models = await client.GetGrain<IModelCatalogGrain>(0).GetModelsAsync();
        var actives = await Task.WhenAll(models.Select(m => client.GetGrain<IModelRegistryGrain>(m).GetActiveVersionAsync()));
        var serving = models.Zip(actives).Where(p => p.Second is not null).Select(p => (Model: p.First, Version: p.Second!.Value)).ToArray();
        if (serving.Length == 0)
        {
            return HealthCheckResult.Healthy($"{hosts.Count} active silo(s), no active model version");
        }

        var loaded = await Task.WhenAll(hosts.Keys.Select(silo => client.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).GetStatusAsync(null)));
        var ready = loaded.SelectMany(s => s).Where(s => s.ReadyAt is not null).Select(s => (s.Model, s.Version)).ToHashSet();
        var missing = serving.Where(s => !ready.Contains(s)).Select(s => $"{s.Model} v{s.Version}").ToArray();
        return missing.Length == 0
            ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s); {serving.Length} active model version(s) loaded")
            : HealthCheckResult.Unhealthy("active model versions not loaded on any silo: " + string.Join(", ", missing));
    }
}
