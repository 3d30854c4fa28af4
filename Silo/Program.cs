using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Orleans.Dashboard;
using Orleans.Rec.Silo;

// appsettings.json sits beside the binary; relative paths in settings (Rec:DataDir) stay relative to the working folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// run.sh exports ASPNETCORE_URLS for the gateway; the silo listens on its own URL.
builder.WebHost.UseUrls(builder.Configuration[SiloTelemetry.HttpUrlKey] is { Length: > 0 } url ? url : SiloTelemetry.DefaultHttpUrl);

builder.UseOrleans(silo => silo
    .UseRecClustering()
    .AddRecSilo()
    .AddDashboard());
builder.AddSiloTelemetry();

var app = builder.Build();
app.MapPrometheusScrapingEndpoint();
app.MapOrleansDashboard(routePrefix: "/dashboard");
await app.RunAsync();
