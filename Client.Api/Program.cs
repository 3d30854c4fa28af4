using Orleans.Dashboard;
using Orleans.Rec.Api.Apis;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Api.Infrastructure.Auth;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName)
    .Validate(o => o.MaxEventsPerBatch > 0 && o.MaxArtifactBytes > 0 && o.UploadChunkBytes is >= 4096 and <= 64 * 1024 * 1024, "Rec:Api:MaxEventsPerBatch and MaxArtifactBytes must be positive, UploadChunkBytes 4 KiB..64 MiB.")
    .ValidateOnStart();
var maxArtifact = builder.Configuration.GetValue<long?>($"{ApiOptions.SectionName}:{nameof(ApiOptions.MaxArtifactBytes)}") ?? new ApiOptions().MaxArtifactBytes;
// Uploads are read part by part (ModelsApi): the artifact is capped there (413); the body may add a config of up
// to 256 MiB (item ids of large catalogues) and the form's framing.
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxArtifact + (257L << 20));

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<DomainExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddCheck<ClusterReadyHealthCheck>("cluster", tags: ["ready"]);
builder.AddRecClusterClient();
builder.AddRecAuth();
builder.AddRecTelemetry();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRecAuth();

// Every endpoint is operator-only unless it says otherwise (the fallback policy): OpenAPI, models, /v2, and any
// dashboard or metrics endpoint added later. Shop keys reach events, recommendations and profiles. The operator
// page's static files (/ops/) are open: the data it shows needs the operator key.
app.MapOpenApi();
app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
var shop = app.MapGroup("").RequireAuthorization(RecRoles.Shop);
shop.MapEventsApi();
shop.MapUsersApi();
app.MapModelsApi();
app.MapModelConfigApi();
app.MapModelLifecycleApi();
app.MapModelMetricsApi();
app.MapModelHistoryApi();
app.MapAlertsApi();
app.MapInferenceProtocolApi();
app.MapPrometheusScrapingEndpoint().RequireAuthorization(RecRoles.Operator);
app.MapOpsPageApi();

// The Orleans Dashboard (grains, silos, calls), operator-only. A browser cannot add X-Api-Key to a page's own
// requests, so the dashboard also takes the operator key as the password of HTTP Basic auth (the browser asks).
app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(RecRoles.Operator);
app.Run();
