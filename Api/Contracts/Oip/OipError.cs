namespace Orleans.Rec.Api.Contracts.Oip;

/// <summary>The Open Inference Protocol's error body: <c>{"error": "..."}</c>.</summary>
public sealed record OipError(string Error);
