using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Orleans.Rec;

/// <summary>Telemetry settings shared by silos and the gateway.</summary>
public static class RecTelemetry
{
    /// <summary>The share of new traces (requests without a sampled parent) that are recorded, 0..1.</summary>
    public const string TraceSampleRatioKey = "Rec:Telemetry:TraceSampleRatio";

    /// <summary>The standard OpenTelemetry setting that turns OTLP export on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Whether traces and metrics are exported over OTLP.</summary>
    public static bool ExportsOtlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);

    /// <summary>
    /// The root sampling ratio: <see cref="TraceSampleRatioKey"/> when set, else all traces when they are exported
    /// and none when they go nowhere (recording a span for every request and grain call costs serving throughput).
    /// A caller's sampled <c>traceparent</c> is always honoured, so one request can still be traced end to end.
    /// </summary>
    public static double TraceSampleRatio(IConfiguration configuration) =>
        double.TryParse(configuration[TraceSampleRatioKey], NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio)
            ? Math.Clamp(ratio, 0, 1)
            : ExportsOtlp(configuration) ? 1 : 0;
}
