using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Silo;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>
/// The silo's resource figures on /metrics are the .NET runtime's own (meter <c>System.Runtime</c>), exported under
/// the names docs/monitoring-reference.md lists; GPU series are absent without a GPU.
/// </summary>
public sealed class ResourceMetricsExportTests
{
    [Fact]
    public async Task Scrape_WithTheSilosMeters_ExposesProcessGcAndThreadPoolFigures_AndNoGpuSeriesWithoutAGpu()
    {
        GC.Collect();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(SiloTelemetry.Meters).AddPrometheusExporter());
        await using var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        await app.StartAsync();

        var text = await app.GetTestClient().GetStringAsync("/metrics");

        Assert.All(
            [
                "# TYPE dotnet_process_cpu_time_seconds_total counter",
                "# TYPE dotnet_process_cpu_count gauge",
                "# TYPE dotnet_process_memory_working_set_bytes gauge",
                "# TYPE dotnet_gc_last_collection_heap_size_bytes gauge",
                "# TYPE dotnet_gc_pause_time_seconds_total counter",
                // UpDownCounters: the exporter (1.20.1-beta.1) names them as counters, but each value is the current one.
                "# TYPE dotnet_thread_pool_queue_length_total counter",
                "# TYPE dotnet_thread_pool_thread_count_total counter",
            ],
            line => Assert.Contains(line, text, StringComparison.Ordinal));
        if (GpuMonitor.Current is null)
        {
            Assert.DoesNotContain("rec_gpu_", text, StringComparison.Ordinal);
        }

        await app.StopAsync();
    }
}
