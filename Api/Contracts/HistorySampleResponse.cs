using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Contracts;

/// <summary>One sampling interval of one version (<c>GET /v1/models/{model}/history</c>).</summary>
/// <param name="At">End of the interval (UTC).</param>
/// <param name="RequestsPerSecond">Answered requests per second over the interval, summed over the silos.</param>
/// <param name="P50Ms">Median latency from batcher entry to result, ms, interpolated within its bucket; null with no request.</param>
/// <param name="P95Ms">95th percentile latency, ms; null with no request.</param>
/// <param name="P99Ms">99th percentile latency, ms; null with no request.</param>
/// <param name="MeanBatchSize">Requests per ONNX Runtime run over the interval; 0 with no run.</param>
/// <param name="ErrorRatio">(expired + failed) / attempts over the interval (attempts = requests + shed + expired + failed).</param>
/// <param name="ShedRatio">shed / attempts over the interval.</param>
/// <param name="PrecisionAtK">Cumulative online precision@k; null while no attribution window has closed.</param>
/// <param name="RecallAtK">Cumulative online recall@k; null while no window has closed.</param>
/// <param name="HitRate">Cumulative online hit-rate; null while no window has closed.</param>
/// <param name="Impressions">Impressions whose window closed, cumulative.</param>
/// <param name="Requests">Answered requests in the interval.</param>
public sealed record HistorySampleResponse(
    DateTime At,
    double RequestsPerSecond,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    double MeanBatchSize,
    double ErrorRatio,
    double ShedRatio,
    double? PrecisionAtK,
    double? RecallAtK,
    double? HitRate,
    long Impressions,
    long Requests)
{
    public static HistorySampleResponse From(HistorySample s) => new(
        s.At.UtcDateTime, s.RequestsPerSecond, s.P50Ms, s.P95Ms, s.P99Ms, s.MeanBatchSize, s.ErrorRatio, s.ShedRatio,
        s.PrecisionAtK, s.RecallAtK, s.HitRate, s.Impressions, s.Requests);
}
