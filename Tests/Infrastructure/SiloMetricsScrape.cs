using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// A Prometheus endpoint over the meters a silo exports (<c>Silo/SiloTelemetry.Meters</c>), for test clusters whose
/// silos run in the test process without an HTTP endpoint of their own.
/// </summary>
public sealed class SiloMetricsScrape : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SiloMetricsScrape(WebApplication app) => _app = app;

    public static async Task<SiloMetricsScrape> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(Orleans.Rec.Silo.SiloTelemetry.Meters).AddPrometheusExporter());
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        await app.StartAsync();
        return new SiloMetricsScrape(app);
    }

    public Task<string> ReadAsync() => _app.GetTestClient().GetStringAsync("/metrics");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
