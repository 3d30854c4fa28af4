using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>Connects the gateway to the cluster described by <c>Rec:Cluster</c>, retrying until the host stops.</summary>
internal static class OrleansClientSetup
{
    public static WebApplicationBuilder AddRecClusterClient(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        var streaming = builder.Configuration.GetSection(StreamingSettings.SectionName).Get<StreamingSettings>() ?? new StreamingSettings();
        if (streaming.UsesKafka)
        {
            builder.Services.AddOptions<KafkaSettings>().BindConfiguration(KafkaSettings.SectionName).ValidateOnStart();
            builder.Services.AddSingleton<IValidateOptions<KafkaSettings>>(new ValidateOptions<KafkaSettings>(
                null, s => s.Problems().Count == 0, "Rec:Kafka is invalid: " + string.Join(" ", (builder.Configuration.GetSection(KafkaSettings.SectionName).Get<KafkaSettings>() ?? new KafkaSettings()).Problems())));
            builder.Services.AddSingleton<IEventPublisher, KafkaEventPublisher>();
        }
        else
        {
            builder.Services.AddSingleton<IEventPublisher, StreamEventPublisher>();
        }

        builder.UseOrleansClient(client =>
        {
            if (cluster.Gateways.Length > 0)
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

            client.UseConnectionRetryFilter<RetryUntilStoppedFilter>();

            // One trace per request: the HTTP span's context travels with every grain call.
            client.AddActivityPropagation();
        });

        builder.Services.AddSingleton<IStartupFilter, RequestIdStartupFilter>();

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
