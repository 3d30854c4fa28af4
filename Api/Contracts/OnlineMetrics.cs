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
public sealed record OnlineMetrics(int Silos, long Requests, long Batches, long Shed, long Expired, double ErrorRate, double MeanBatchMilliseconds, OnlineAccuracyResponse? Accuracy);
