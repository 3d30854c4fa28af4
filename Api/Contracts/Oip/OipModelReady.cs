namespace Orleans.Rec.Api.Contracts.Oip;

/// <summary><c>GET /v2/models/{model}[/versions/{v}]/ready</c>.</summary>
public sealed record OipModelReady(string Name, bool Ready);
