using System.Net;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Rec;
using Orleans.Rec.Hosting;
using Orleans.Rec.Storage;
using Orleans.Storage;

namespace Orleans.Hosting;

/// <summary>
/// Where a silo's membership and grain state live, chosen by <c>Rec:Profile</c>: <c>Local</c> (localhost clustering,
/// files under <c>Rec:DataDir</c>) or <c>Cluster</c> (Azure Table membership, Azure Blob grain state).
/// </summary>
public static class RecClusterProfileExtensions
{
    /// <summary>The profile <c>Rec:Profile</c> selects (Local when absent).</summary>
    public static RecProfile GetRecProfile(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return RecProfiles.Parse(configuration[RecProfiles.Key]);
    }

    /// <summary>
    /// Local: localhost clustering on <c>Rec:Cluster:SiloPort</c>/<c>GatewayPort</c>. Cluster: membership in the Azure
    /// table <c>Rec:Azure:ClusteringTable</c>, this silo on those ports, advertising <c>Rec:Cluster:AdvertisedIPAddress</c>
    /// (or its host name's address); the settings are validated at start-up.
    /// </summary>
    public static ISiloBuilder UseRecClustering(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var cluster = builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        if (builder.Configuration.GetRecProfile() == RecProfile.Local)
        {
            return builder.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        builder.Services.AddOptions<AzureStorageSettings>().BindConfiguration(AzureStorageSettings.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AzureStorageSettings>, ClusterProfileValidator>();
        builder.Services.AddHostedService<ClusterProfileStartupLog>();
        builder.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = cluster.ServiceId;
            o.ClusterId = cluster.ClusterId;
        });
        builder.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = AdvertisedAddress(cluster.AdvertisedIPAddress);
            o.SiloPort = cluster.SiloPort;
            o.GatewayPort = cluster.GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.GatewayPort);
        });
        return builder.UseAzureStorageClustering(options => options.Configure<IOptions<AzureStorageSettings>>((o, settings) =>
        {
            o.TableName = settings.Value.ClusteringTable;
            o.TableServiceClient = CreateTableServiceClient(settings.Value);
        }));
    }

    /// <summary>The two grain storages (profiles, models): files on the Local profile, Azure Blob on the Cluster profile, both as camelCase JSON.</summary>
    internal static ISiloBuilder AddRecGrainStorage(this ISiloBuilder builder, Action<IServiceCollection, string> addLocalStorage)
    {
        builder.Services.AddSingleton<IGrainStorageSerializer, JsonGrainStateSerializer>();
        foreach (var name in new[] { RecNames.ProfileStorage, RecNames.ModelStorage })
        {
            if (builder.Configuration.GetRecProfile() == RecProfile.Local)
            {
                addLocalStorage(builder.Services, name);
            }
            else
            {
                builder.AddAzureBlobGrainStorage(name, options => options.Configure<IOptions<AzureStorageSettings>, IGrainStorageSerializer>((o, settings, serializer) =>
                {
                    o.BlobServiceClient = CreateBlobServiceClient(settings.Value);
                    o.ContainerName = settings.Value.StateContainer;
                    o.GrainStorageSerializer = serializer;
                }));
            }
        }

        return builder;
    }

    private static IPAddress AdvertisedAddress(string? configured) =>
        !string.IsNullOrWhiteSpace(configured) ? IPAddress.Parse(configured)
        : Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
          ?? IPAddress.Loopback;

    private static TableServiceClient CreateTableServiceClient(AzureStorageSettings settings) =>
        settings.UsesConnectionString
            ? new TableServiceClient(settings.ConnectionString)
            : new TableServiceClient(settings.TableServiceUri, new DefaultAzureCredential());

    private static BlobServiceClient CreateBlobServiceClient(AzureStorageSettings settings) =>
        settings.UsesConnectionString
            ? new BlobServiceClient(settings.ConnectionString)
            : new BlobServiceClient(settings.BlobServiceUri, new DefaultAzureCredential());
}
