using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Orleans.Dashboard;
using Orleans.Rec.Api;
using Orleans.Rec.Silo;

// appsettings.json sits beside the binary; relative paths in settings (Rec:DataDir) stay relative to the working folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var listen = SiloListeners.From(builder.Configuration);
builder.WebHost.UseUrls([.. listen.Urls]);

builder.UseOrleans(silo => silo
    .UseRecClustering()
    .AddRecSilo()
    .AddDashboard());
builder.AddSiloTelemetry();
builder.Services.AddHealthChecks().AddCheck<ProfileLogHealthCheck>("profile-log", tags: ["ready"]);
if (listen.ServesApi)
{
    // One process, one hop: the REST API runs here, its grain calls stay in the process.
    builder.AddRecApi(openTelemetryPort: listen.TelemetryPort);
}

var app = builder.Build();
if (listen.ServesApi)
{
    app.MapRecommendationApi();
}
else
{
    app.MapPrometheusScrapingEndpoint();
    app.MapOrleansDashboard(routePrefix: "/dashboard");
}

await app.RunAsync();
