using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>
/// The names the Prometheus exporter gives the project's latency and error instruments: infra/prometheus' rules are
/// written on exactly these.
/// </summary>
public sealed class RecMetricsExportTests
{
    [Fact]
    public async Task Scrape_WhenLatencyAndErrorsRecorded_ExposesTheNamesTheRulesUse()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(RecMetrics.MeterName).AddPrometheusExporter());
        await using var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        await app.StartAsync();
        var model = ApiCalls.NewId("prom");
        RecMetrics.Latency.Record(3, new KeyValuePair<string, object?>("model", model), new("version", 1), new("device", "cpu"));
        RecMetrics.Errors.Add(2, new KeyValuePair<string, object?>("model", model), new("version", 1), new("kind", "failed"));
        RecMetrics.Errors.Add(1, new KeyValuePair<string, object?>("model", model), new("version", 1), new("kind", "expired"));

        var text = await app.GetTestClient().GetStringAsync("/metrics");

        Assert.Contains("# TYPE rec_inference_latency_milliseconds histogram", text, StringComparison.Ordinal);
        Assert.Contains($"rec_inference_latency_milliseconds_bucket{{otel_scope_name=\"Orleans.Rec\",device=\"cpu\",model=\"{model}\",version=\"1\",le=\"4\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"rec_inference_latency_milliseconds_bucket{{otel_scope_name=\"Orleans.Rec\",device=\"cpu\",model=\"{model}\",version=\"1\",le=\"2\"}} 0", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE rec_inference_errors_total counter", text, StringComparison.Ordinal);
        Assert.Contains($"rec_inference_errors_total{{otel_scope_name=\"Orleans.Rec\",kind=\"failed\",model=\"{model}\",version=\"1\"}} 2", text, StringComparison.Ordinal);
        Assert.Contains($"rec_inference_errors_total{{otel_scope_name=\"Orleans.Rec\",kind=\"expired\",model=\"{model}\",version=\"1\"}} 1", text, StringComparison.Ordinal);
        await app.StopAsync();
    }
}
