namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/models/{model}/compare?a=&amp;b=</c>.</summary>
/// <param name="Model">The model.</param>
/// <param name="A">Version a.</param>
/// <param name="B">Version b.</param>
/// <param name="Offline">Offline metrics recorded at training (every name either side has), ordinal order.</param>
/// <param name="Online">Online metrics (requests, error rate, batch latency, precision@k, recall@k, F1, hit-rate).</param>
/// <param name="Compression">
/// Size, speed and offline accuracy from the versions' compression reports (<c>rec compress</c>): a version's own
/// figures come from its report, or from the other version's report when it was that report's teacher (same SHA-256);
/// null where neither report describes the version. Figures of one report were measured in one run on one machine.
/// </param>
public sealed record CompareResponse(
    string Model,
    ComparedVersion A,
    ComparedVersion B,
    IReadOnlyList<MetricComparison> Offline,
    IReadOnlyList<MetricComparison> Online,
    IReadOnlyList<MetricComparison> Compression);
