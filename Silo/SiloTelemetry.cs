using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Streaming.Kafka;

namespace Orleans.Rec.Silo;

/// <summary>
/// OpenTelemetry for the silo: the project's meters and <c>Microsoft.Orleans</c>, grain-call traces; a Prometheus
/// scrape endpoint always, OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class SiloTelemetry
{
    /// <summary>Where the silo serves <c>/metrics</c> and <c>/dashboard/</c>.</summary>
    public const string HttpUrlKey = "Rec:Silo:HttpUrl";

    public const string DefaultHttpUrl = "http://127.0.0.1:5081";

    public const string ServiceName = "orleans-rec-silo";

    /// <summary>
    /// The .NET runtime's own meter (.NET 9+): process CPU time and working set, GC heap and pause time, thread-pool
    /// queue and threads. The silo's resource figures on /metrics are these, not copies of them.
    /// </summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Meters exported by a silo.</summary>
    public static readonly string[] Meters = [RecMetrics.MeterName, KafkaStreamMetrics.MeterName, "Microsoft.Orleans", RuntimeMeterName];

    /// <summary>Activity sources traced by a silo: the platform's own spans and the Orleans runtime's grain calls.</summary>
    public static readonly string[] ActivitySources = [RecActivities.SourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static WebApplicationBuilder AddSiloTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(m => m.AddMeter(Meters).AddAspNetCoreInstrumentation().AddPrometheusExporter())
            .WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(RecTelemetry.TraceSampleRatio(builder.Configuration))))
                .AddSource(ActivitySources)
                .AddAspNetCoreInstrumentation(o => o.Filter = IsNotScrape));
        if (RecTelemetry.ExportsOtlp(builder.Configuration))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsNotScrape(HttpContext context) => !context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal);
}
