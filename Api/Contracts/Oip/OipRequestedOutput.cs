namespace Orleans.Rec.Api.Contracts.Oip;

/// <summary>An output the caller asks for by name.</summary>
public sealed record OipRequestedOutput(string? Name);
