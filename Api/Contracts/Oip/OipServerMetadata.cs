namespace Orleans.Rec.Api.Contracts.Oip;

/// <summary><c>GET /v2</c>: the server's name, version and protocol extensions.</summary>
public sealed record OipServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);
