using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Rec.Inference;

namespace Orleans.Rec.Silo;

/// <summary>
/// Ready when this silo serves: it is active in the cluster (it can reach the model catalog) and every version that
/// takes traffic (active, split, shadow) of every model is loaded and warmed in this silo's inference engine. A version
/// that is missing (its preload failed, or it was activated while this silo was starting) starts loading here, so the
/// silo becomes ready by itself instead of waiting for a request that an unready silo never gets.
/// </summary>
public sealed class SiloReadyHealthCheck(IGrainFactory grains, IInferenceEngine engine) : IHealthCheck
{
    public const string Name = "silo";

    /// <summary>The longest a readiness probe waits for the catalog and registries.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        (string Model, int Version)[] served;
        try
        {
            var models = await grains.GetGrain<IModelCatalogGrain>(0).GetModelsAsync().WaitAsync(cancellationToken);
            var policies = await Task.WhenAll(models.Select(m => grains.GetGrain<IModelRegistryGrain>(m).GetTrafficAsync())).WaitAsync(cancellationToken);
            served = models.Zip(policies).SelectMany(p => p.Second.Versions.Select(v => (p.First, v))).ToArray();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("this silo cannot read the model catalog yet: " + e.GetType().Name);
        }

        var ready = engine.Loaded.Where(m => m.ReadyAt is not null).Select(m => (m.Model, m.Version)).ToHashSet();
        var missing = served.Where(s => !ready.Contains(s)).ToArray();
        foreach (var (model, version) in missing)
        {
            _ = LoadAsync(model, version);
        }

        return missing.Length == 0
            ? HealthCheckResult.Healthy($"{served.Length} served model version(s) loaded on this silo")
            : HealthCheckResult.Unhealthy("loading on this silo: " + string.Join(", ", missing.Select(m => $"{m.Model} v{m.Version}")));
    }

    /// <summary>Idempotent: a load under way is joined, not repeated. A failure is logged by the engine; the next probe tries again.</summary>
    private async Task LoadAsync(string model, int version)
    {
        try
        {
            await engine.EnsureLoadedAsync(model, version, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Reported by the next probe (still missing).
        }
    }
}
