namespace Orleans.Rec.Api.Contracts;

/// <summary>The samples of one version, oldest first.</summary>
/// <param name="Version">The version, as a string (as in the metrics endpoints).</param>
/// <param name="Samples">Oldest first.</param>
public sealed record VersionHistoryResponse(string Version, IReadOnlyList<HistorySampleResponse> Samples);
