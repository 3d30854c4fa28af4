namespace Orleans.Rec.Api.Contracts.Oip;

/// <summary><c>GET /v2/models/{model}[/versions/{v}]</c>.</summary>
public sealed record OipModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<OipTensorMetadata> Inputs, IReadOnlyList<OipTensorMetadata> Outputs);
