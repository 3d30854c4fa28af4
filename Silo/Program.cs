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
// Ready means this silo serves: every version taking traffic is loaded here (with the API, also what the gateway
// checks), and its profile log reports any quarantined tail (Degraded).
builder.Services.AddHealthChecks()
    .AddCheck<SiloReadyHealthCheck>(SiloReadyHealthCheck.Name, tags: ["ready"], timeout: SiloReadyHealthCheck.Timeout)
    .AddCheck<ProfileLogHealthCheck>("profile-log", tags: ["ready"]);
if (listen.ServesApi)
{
    // One process, one hop: the REST API runs here, its grain calls stay in the process. The telemetry listener needs
    // no key only while it is a loopback address.
    builder.AddRecApi(openTelemetryPort: listen.TelemetryIsLocal ? listen.TelemetryPort : null);
}
else
{
    builder.AddSiloOperations(listen);
}

var app = builder.Build();
if (listen.ServesApi)
{
    app.MapRecommendationApi();
}
else
{
    app.MapSiloOperations(listen);
}

await app.RunAsync();
