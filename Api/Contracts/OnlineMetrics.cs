namespace Orleans.Rec.Api.Contracts;

/// <summary>How a version has served since it was loaded, summed over the silos that hold it.</summary>
/// <param name="Silos">Silos that have the version loaded.</param>
/// <param name="Requests">Requests scored (served and shadow traffic alike).</param>
/// <param name="Batches">ONNX Runtime runs.</param>
/// <param name="Shed">Requests refused because the queue was full.</param>
/// <param name="Expired">Requests dropped because their deadline passed in the queue.</param>
/// <param name="ErrorRate">(shed + expired) / (requests + shed + expired); 0 with no traffic.</param>
/// <param name="MeanBatchMilliseconds">Mean time of one ONNX Runtime run (the latency a request pays once batched).</param>
/// <param name="Accuracy">Online accuracy from closed attribution windows.</param>
/// <param name="Failed">Requests whose run failed.</param>
/// <param name="P50Ms">Median latency (batcher entry to result, ms) of the requests answered, from the silos' summed latency buckets; null with none.</param>
/// <param name="P95Ms">95th percentile latency (ms); null with no request answered.</param>
/// <param name="P99Ms">99th percentile latency (ms); null with no request answered.</param>
/// <param name="ErrorRatio">(expired + failed) / attempts, attempts = requests answered (the warm-up run left out) + shed + expired + failed, as the history and the alert rules count them; 0 with no attempt.</param>
/// <param name="ShedRatio">shed / attempts; 0 with no attempt.</param>
public sealed record OnlineMetrics(
    int Silos,
    long Requests,
    long Batches,
    long Shed,
    long Expired,
    double ErrorRate,
    double MeanBatchMilliseconds,
    OnlineAccuracyResponse? Accuracy,
    long Failed,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    double ErrorRatio,
    double ShedRatio);
