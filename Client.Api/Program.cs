using Orleans.Rec.Api;
using Orleans.Rec.Api.Infrastructure;

// The gateway of the cluster profile: the REST API (../Api) in front of the silos, over an Orleans client. On the
// local profile the silo serves the same API itself (one process, one hop).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

builder.AddRecClusterClient();
builder.AddRecTelemetry();
builder.AddRecApi();

var app = builder.Build();
app.MapRecommendationApi();
app.Run();
