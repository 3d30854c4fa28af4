namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/models/{model}/compare?a=&amp;b=</c>.</summary>
/// <param name="Model">The model.</param>
/// <param name="A">Version a.</param>
/// <param name="B">Version b.</param>
/// <param name="Offline">Offline metrics recorded at training (every name either side has), ordinal order.</param>
/// <param name="Online">Online metrics (requests, error rate, batch latency, precision@k, recall@k, F1, hit-rate).</param>
public sealed record CompareResponse(string Model, ComparedVersion A, ComparedVersion B, IReadOnlyList<MetricComparison> Offline, IReadOnlyList<MetricComparison> Online);
