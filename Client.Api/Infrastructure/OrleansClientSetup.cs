using System.Net;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// Connects the gateway to the cluster described by <c>Rec:Cluster</c> (and, on the Cluster profile, the membership
/// table under <c>Rec:Azure</c> or the Redis membership under <c>Rec:Redis</c>), retrying until the host stops.
/// </summary>
internal static class OrleansClientSetup
{
    public static WebApplicationBuilder AddRecClusterClient(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        var streaming = builder.Configuration.GetSection(StreamingSettings.SectionName).Get<StreamingSettings>() ?? new StreamingSettings();
        var profile = RecProfiles.Parse(builder.Configuration[RecProfiles.Key]);
        var redis = profile == RecProfile.Cluster && cluster.Storage == ClusterStorage.Redis;
        if (redis)
        {
            builder.Services.AddOptions<RedisSettings>().BindConfiguration(RedisSettings.SectionName).ValidateOnStart();
            builder.Services.AddSingleton<IValidateOptions<RedisSettings>, GatewayClusterSettingsValidator>();
        }
        else if (profile == RecProfile.Cluster)
        {
            builder.Services.AddOptions<AzureStorageSettings>().BindConfiguration(AzureStorageSettings.SectionName).ValidateOnStart();
            builder.Services.AddSingleton<IValidateOptions<AzureStorageSettings>, GatewayClusterSettingsValidator>();
        }

        builder.UseOrleansClient(client =>
        {
            if (redis)
            {
                // Gateways are the silos listed live in the Redis membership, as with the table below.
                client.UseRedisClustering(_ => { });
                client.Services.AddOptions<RedisClusteringOptions>().Configure<IOptions<RedisSettings>>((o, settings) =>
                    o.ConfigurationOptions = GatewayClusterSettingsValidator.RedisConfiguration(settings.Value));
            }
            else if (profile == RecProfile.Cluster)
            {
                // Gateways are the silos listed live in the membership table, so the gateway follows scale-out and restarts.
                client.UseAzureStorageClustering(options => options.Configure<IOptions<AzureStorageSettings>>((o, settings) =>
                {
                    o.TableName = settings.Value.ClusteringTable;
                    o.TableServiceClient = settings.Value.UsesConnectionString
                        ? new TableServiceClient(settings.Value.ConnectionString)
                        : new TableServiceClient(settings.Value.TableServiceUri, new DefaultAzureCredential());
                }));
            }

            if (profile == RecProfile.Cluster)
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ServiceId = cluster.ServiceId;
                    o.ClusterId = cluster.ClusterId;
                });
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.GatewayListRefreshPeriod);
            }
            else if (cluster.Gateways.Length > 0)
            {
                client.UseStaticClustering(cluster.Gateways.Select(ParseEndpoint).ToArray());
                client.Configure<ClusterOptions>(o =>
                {
                    o.ServiceId = cluster.ServiceId;
                    o.ClusterId = cluster.ClusterId;
                });
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }

            if (!streaming.UsesKafka)
            {
                client.AddMemoryStreams(RecNames.EventStreamProvider);
            }

            client.UseRecTls(builder.Configuration);
            client.UseConnectionRetryFilter<RetryUntilStoppedFilter>();

            // One trace per request: the HTTP span's context travels with every grain call.
            client.AddActivityPropagation();

            // The Orleans Dashboard, served operator-only at /dashboard/ (its data comes from the silos' dashboard grains).
            client.AddDashboard();
        });

        // Serve /health/live while the client is still looking for the cluster.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        return builder;
    }

    private static IPEndPoint ParseEndpoint(string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0)
        {
            return endpoint;
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), out var port))
        {
            var address = Dns.GetHostAddresses(text[..colon]).First();
            return new IPEndPoint(address, port);
        }

        throw new InvalidOperationException($"Rec:Cluster:Gateways entry '{text}' is not host:port.");
    }
}
