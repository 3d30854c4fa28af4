namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/silos</c>: every active silo's resources, by silo address.</summary>
/// <param name="Silos">One per silo that answered, ordered by address.</param>
/// <param name="Unanswered">Active silos that did not answer in time (leaving, or overloaded).</param>
public sealed record SilosResponse(IReadOnlyList<SiloResourcesResponse> Silos, IReadOnlyList<string> Unanswered);
