using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// OpenTelemetry for the gateway: HTTP server metrics and traces, the Orleans client's meter and grain-call spans
/// (the trace continues into the silos); Prometheus scrape endpoint <c>/metrics</c> (operator-only), OTLP export
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class ApiTelemetry
{
    public const string ServiceName = "orleans-rec-gateway";

    public static readonly string[] Meters = ["Microsoft.Orleans", "System.Runtime"];

    public static readonly string[] ActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static WebApplicationBuilder AddRecTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(m => m.AddMeter(Meters).AddAspNetCoreInstrumentation().AddPrometheusExporter())
            .WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(RecTelemetry.TraceSampleRatio(builder.Configuration))))
                .AddSource(ActivitySources)
                .AddAspNetCoreInstrumentation(o => o.Filter = IsTraced));
        if (RecTelemetry.ExportsOtlp(builder.Configuration))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsTraced(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal)
        && !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal);
}
