using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Orleans.Rec.Api.Apis;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Api.Infrastructure.Auth;

namespace Orleans.Rec.Api;

/// <summary>
/// The REST API as one unit, for both hosts: the silo (local profile: the endpoints run in the process that holds
/// the profiles and the models, so a request is one HTTP hop and in-process grain calls) and Client.Api (cluster
/// profile: a gateway in front of the silos, over an Orleans client). The host brings the cluster connection
/// (<see cref="IClusterClient"/>) and telemetry; this brings everything a request meets.
/// </summary>
public static class RecApi
{
    /// <summary>The API's services: options, errors, OpenAPI, readiness, auth and rate limit, the event publisher.</summary>
    /// <param name="builder">The host.</param>
    /// <param name="openTelemetryPort">The silo's own telemetry port, where <c>/metrics</c> and <c>/dashboard/</c> stay open; null on the gateway.</param>
    public static WebApplicationBuilder AddRecApi(this WebApplicationBuilder builder, int? openTelemetryPort = null)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddSingleton<RequestJson>();

        // The server's own limit is the default route's; BodySizeLimitMiddleware sets each request's to its route's
        // (events, infer and upload have their own) before anything reads the body.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>((k, api) => k.Limits.MaxRequestBodySize = api.Value.MaxBodyBytes);

        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<ClusterReadyHealthCheck>("cluster", tags: ["ready"]);
        services.AddSingleton<IStartupFilter, RequestIdStartupFilter>();
        services.AddSingleton<InferenceSilos>();
        services.AddSingleton<KnownModels>();
        AddEventPublisher(builder);
        builder.AddRecAuth(openTelemetryPort);
        return builder;
    }

    /// <summary>
    /// The middleware and every endpoint. Every endpoint is operator-only unless it says otherwise (the fallback
    /// policy): OpenAPI, models, /v2, metrics and the dashboard. Shop keys reach events, recommendations and profiles.
    /// The operator page's static files (/ops/) are open: the data it shows needs the operator key.
    /// </summary>
    public static WebApplication MapRecommendationApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRecAuth(beforeCredentials: shaped => shaped.UseMiddleware<BodyContentTypeMiddleware>());
        app.UseMiddleware<BodySizeLimitMiddleware>();

        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        var shop = app.MapGroup("").RequireAuthorization(RecRoles.Shop);
        shop.MapEventsApi();
        shop.MapUsersApi();
        app.MapModelsApi();
        app.MapModelConfigApi();
        app.MapModelLineageApi();
        app.MapModelLifecycleApi();
        app.MapModelMetricsApi();
        app.MapModelHistoryApi();
        app.MapModelAnalysisApi();
        app.MapPushApi();
        app.MapAlertsApi();
        app.MapSilosApi();
        app.MapInferenceProtocolApi();
        app.MapOpsPageApi();

        // Prometheus and the Orleans Dashboard (grains, silos, calls). A browser cannot add X-Api-Key to a page's own
        // requests, so the dashboard also takes the operator key as the password of HTTP Basic auth (the browser asks).
        app.MapPrometheusScrapingEndpoint().RequireAuthorization(RecRoles.Telemetry);
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(RecRoles.Telemetry);
        return app;
    }

    /// <summary>Events go where the silos read them: the Kafka topic, or the in-process Orleans stream.</summary>
    private static void AddEventPublisher(WebApplicationBuilder builder)
    {
        var streaming = builder.Configuration.GetSection(StreamingSettings.SectionName).Get<StreamingSettings>() ?? new StreamingSettings();
        if (streaming.UsesKafka)
        {
            builder.Services.AddOptions<KafkaSettings>().BindConfiguration(KafkaSettings.SectionName).ValidateOnStart();
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaSettings>, KafkaSettingsValidator>());
            builder.Services.AddSingleton<IEventPublisher, KafkaEventPublisher>();
        }
        else
        {
            builder.Services.AddSingleton<IEventPublisher, StreamEventPublisher>();
        }
    }
}
