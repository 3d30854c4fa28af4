namespace Orleans.Rec.Tools.Api;

/// <summary>The gateway's answer to an upload or activation: <c>{"model","version","state","manifest"}</c>.</summary>
public sealed record ModelVersionResponse(string Model, int Version, string? State, StoredArtifact? Manifest = null);
