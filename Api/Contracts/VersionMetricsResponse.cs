namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/models/{model}/versions/{version}/metrics</c> (and <c>/v1/models/{model}/fallback/metrics</c>).</summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version, or <c>fallback</c> for the model's popularity fallback lists.</param>
/// <param name="Accuracy">Online accuracy from closed attribution windows.</param>
/// <param name="Serving">How the version serves, summed over the silos that hold it (absent for fallback).</param>
/// <param name="RequestsPerSecond">Requests scored per second since load, summed over those silos.</param>
/// <param name="Availability">Error and shed ratios, uptime, time to ready and membership changes (absent for fallback).</param>
public sealed record VersionMetricsResponse(string Model, string Version, OnlineAccuracyResponse Accuracy, OnlineMetrics? Serving, double? RequestsPerSecond, AvailabilityResponse? Availability = null);
