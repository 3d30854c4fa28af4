namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET/PUT /v1/models/{model}/traffic</c>, in the shape PUT accepts.</summary>
/// <param name="Model">The model.</param>
/// <param name="Active">The active version (serves everyone when there is no split).</param>
/// <param name="Splits">Version → percent of users; empty when the active version serves everyone.</param>
/// <param name="Shadow">The version scoring a copy of the traffic, or null.</param>
public sealed record TrafficResponse(string Model, int? Active, IReadOnlyDictionary<string, int> Splits, string? Shadow);
