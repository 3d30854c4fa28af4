namespace Orleans.Rec.Api.Contracts;

/// <summary>One model of <c>GET /v1/models</c>.</summary>
/// <param name="Name">The model name.</param>
/// <param name="ActiveVersion">The version that serves it (every user when there is no split), or null.</param>
public sealed record ModelSummaryResponse(string Name, int? ActiveVersion);
