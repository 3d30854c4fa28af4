using Microsoft.AspNetCore.Builder;
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
