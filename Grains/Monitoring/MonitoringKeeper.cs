using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Monitoring;

/// <summary>
/// Keeps every model's history and alert grains running: their timers keep them active, but a silo that leaves takes
/// its activations along; every <see cref="MonitoringOptions.KeepAliveInterval"/> each silo wakes them again (a
/// one-way call, a no-op when they run).
/// </summary>
public sealed class MonitoringKeeper(IGrainFactory grains, IOptions<MonitoringOptions> options, TimeProvider time, ILogger<MonitoringKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepAliveInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    foreach (var model in await grains.GetGrain<IModelCatalogGrain>(0).GetModelsAsync())
                    {
                        grains.GetGrain<IModelHistoryGrain>(model).StartAsync().Ignore();
                        grains.GetGrain<IAlertManagerGrain>(model).StartAsync().Ignore();
                    }
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    MonitoringLog.KeepAliveFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
