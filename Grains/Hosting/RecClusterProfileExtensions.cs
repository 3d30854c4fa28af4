using System.Net;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Rec;
using Orleans.Rec.Hosting;
using Orleans.Rec.Storage;
using Orleans.Storage;
using StackExchange.Redis;

namespace Orleans.Hosting;

/// <summary>
/// Where a silo's membership and grain state live, chosen by <c>Rec:Profile</c>: <c>Local</c> (localhost clustering,
/// files under <c>Rec:DataDir</c>) or <c>Cluster</c> (Azure Table membership and reminders, Azure Blob grain state; or
/// all three in Redis).
/// </summary>
public static class RecClusterProfileExtensions
{
    /// <summary>Where Orleans' <see cref="ClusterMembershipOptions"/> may be overridden on the Cluster profile.</summary>
    public const string MembershipSection = ClusterSettings.SectionName + ":Membership";

    /// <summary>The profile <c>Rec:Profile</c> selects (Local when absent).</summary>
    public static RecProfile GetRecProfile(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return RecProfiles.Parse(configuration[RecProfiles.Key]);
    }

    /// <summary>
    /// Local: localhost clustering on <c>Rec:Cluster:SiloPort</c>/<c>GatewayPort</c>. Cluster: this
    /// silo on those ports, advertising <c>Rec:Cluster:AdvertisedIPAddress</c> (or its host name's address), with
    /// membership and reminders in Azure Table storage (<c>Rec:Azure</c>) or, when <c>Rec:Cluster:Storage</c> is
    /// <c>Redis</c>, in Redis (<c>Rec:Redis</c>); the settings are validated at start-up.
    /// </summary>
    public static ISiloBuilder UseRecClustering(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var cluster = builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        if (builder.Configuration.GetRecProfile() == RecProfile.Local)
        {
            // Reminders: in memory (AddRecSilo), also for test clusters that bring their own clustering.
            return builder.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        builder.Services.AddHostedService<ClusterProfileStartupLog>();
        builder.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = cluster.ServiceId;
            o.ClusterId = cluster.ClusterId;
        });

        // Failure detection (Orleans' ClusterMembershipOptions: ProbeTimeout, NumMissedProbesLimit, ...) may be tuned
        // under Rec:Cluster:Membership; Orleans' defaults declare a dead silo dead in about 15-20 s.
        builder.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipSection);
        builder.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = AdvertisedAddress(cluster.AdvertisedIPAddress);
            o.SiloPort = cluster.SiloPort;
            o.GatewayPort = cluster.GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.GatewayPort);
        });

        if (cluster.Storage == ClusterStorage.Redis)
        {
            builder.Services.AddOptions<RedisSettings>().BindConfiguration(RedisSettings.SectionName).ValidateOnStart();
            builder.Services.AddSingleton<IValidateOptions<RedisSettings>, ClusterProfileValidator>();
            builder.UseRedisClustering(_ => { });
            builder.Services.AddOptions<RedisClusteringOptions>().Configure<IOptions<RedisSettings>>((o, settings) => o.ConfigurationOptions = RedisConfiguration(settings.Value));
            builder.UseRedisReminderService(_ => { });
            builder.Services.AddOptions<RedisReminderTableOptions>().Configure<IOptions<RedisSettings>>((o, settings) => o.ConfigurationOptions = RedisConfiguration(settings.Value));
            return builder;
        }

        builder.Services.AddOptions<AzureStorageSettings>().BindConfiguration(AzureStorageSettings.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AzureStorageSettings>, ClusterProfileValidator>();
        builder.UseAzureTableReminderService(options => options.Configure<IOptions<AzureStorageSettings>>((o, settings) =>
        {
            o.TableName = settings.Value.RemindersTable;
            o.TableServiceClient = CreateTableServiceClient(settings.Value);
        }));
        return builder.UseAzureStorageClustering(options => options.Configure<IOptions<AzureStorageSettings>>((o, settings) =>
        {
            o.TableName = settings.Value.ClusteringTable;
            o.TableServiceClient = CreateTableServiceClient(settings.Value);
        }));
    }

    /// <summary>
    /// A parsed Redis configuration string, or null when it is missing or malformed (start-up validation then names
    /// <c>Rec:Redis:ConnectionString</c>; the value itself, a secret, is never repeated).
    /// </summary>
    public static ConfigurationOptions? RedisConfiguration(RedisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            return null;
        }

        try
        {
            return ConfigurationOptions.Parse(settings.ConnectionString);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The two grain storages (profiles, models): local files (profiles in a log) on the Local profile, Azure Blob (or
    /// Redis) on the Cluster profile, all as camelCase System.Text.Json without CLR type names.
    /// </summary>
    internal static ISiloBuilder AddRecGrainStorage(this ISiloBuilder builder, Action<IServiceCollection, string> addLocalStorage)
    {
        builder.Services.AddSingleton<IGrainStorageSerializer, JsonGrainStateSerializer>();
        var storage = (builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings()).Storage;
        foreach (var name in new[] { RecNames.ProfileStorage, RecNames.ModelStorage })
        {
            if (builder.Configuration.GetRecProfile() == RecProfile.Local)
            {
                addLocalStorage(builder.Services, name);
            }
            else if (storage == ClusterStorage.Redis)
            {
                builder.AddRedisGrainStorage(name, options => options.Configure<IOptions<RedisSettings>, IGrainStorageSerializer>((o, settings, serializer) =>
                {
                    o.ConfigurationOptions = RedisConfiguration(settings.Value);
                    o.GrainStorageSerializer = serializer;
                }));
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

    private static BlobServiceClient CreateBlobServiceClient(AzureStorageSettings settings)
    {
        // A grain activation or checkpoint waits on these calls: when storage is down, fail within seconds (the
        // gateway answers 503, the Kafka checkpoint retries next interval) rather than after the SDK's 100 s.
        var options = new BlobClientOptions
        {
            Retry = { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(2), NetworkTimeout = TimeSpan.FromSeconds(10) },
        };
        return settings.UsesConnectionString
            ? new BlobServiceClient(settings.ConnectionString, options)
            : new BlobServiceClient(settings.BlobServiceUri, new DefaultAzureCredential(), options);
    }
}
