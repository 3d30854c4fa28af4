using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Hosting;

/// <summary>
/// Says once, at start-up, where this silo stands in the cluster: the advertised address is chosen at run time (from
/// the host name in Container Apps), and is the first thing to check when silos do not find each other.
/// </summary>
internal sealed class ClusterProfileStartupLog(
    IOptions<ClusterOptions> cluster,
    IOptions<EndpointOptions> endpoints,
    IOptions<AzureStorageSettings> storage,
    IConfiguration configuration,
    ILogger<ClusterProfileStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if ((configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings()).Storage == ClusterStorage.Redis)
        {
            RecLog.ClusterProfileStartingOnRedis(
                logger,
                cluster.Value.ServiceId,
                cluster.Value.ClusterId,
                endpoints.Value.AdvertisedIPAddress?.ToString() ?? "(none)",
                endpoints.Value.SiloPort,
                endpoints.Value.GatewayPort);
            return Task.CompletedTask;
        }

        var settings = storage.Value;
        RecLog.ClusterProfileStarting(
            logger,
            cluster.Value.ServiceId,
            cluster.Value.ClusterId,
            endpoints.Value.AdvertisedIPAddress?.ToString() ?? "(none)",
            endpoints.Value.SiloPort,
            endpoints.Value.GatewayPort,
            settings.ClusteringTable,
            settings.StateContainer,
            settings.UsesConnectionString ? "a connection string" : "DefaultAzureCredential");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
