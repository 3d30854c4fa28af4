using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Rec.Inference;

namespace Orleans.Rec.Models;

/// <summary>
/// When a silo starts, it loads and warms every version that takes traffic (active, split, shadow) of every model
/// in the catalog, so that the requests it receives do not wait for a model load.
/// </summary>
public sealed class ServedModelPreloader(IGrainFactory grains, IInferenceEngine engine, ILogger<ServedModelPreloader> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long a starting silo waits for the preload before it gives up (the rest loads on first use).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ServedModelPreloader), ServiceLifecycleStage.Active, PreloadAsync, _ => Task.CompletedTask);

    private async Task PreloadAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        (string Model, int Version)[] served;
        try
        {
            var models = await grains.GetGrain<IModelCatalogGrain>(0).GetModelsAsync().WaitAsync(Limit, cancellationToken);
            var policies = await Task.WhenAll(models.Select(m => grains.GetGrain<IModelRegistryGrain>(m).GetTrafficAsync()));
            served = models.Zip(policies).SelectMany(p => p.Second.Versions.Select(v => (p.First, v))).ToArray();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LifecycleLog.PreloadListFailed(logger, e);
            return;
        }

        await Task.WhenAll(served.Select(async s =>
        {
            try
            {
                await engine.EnsureLoadedAsync(s.Model, s.Version, cancellationToken).WaitAsync(Limit, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LifecycleLog.PreloadFailed(logger, e, s.Model, s.Version);
            }
        }));
        LifecycleLog.Preloaded(logger, served.Length, stopwatch.ElapsedMilliseconds);
    }
}
