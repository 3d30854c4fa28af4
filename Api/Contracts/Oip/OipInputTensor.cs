using System.Text.Json;

namespace Orleans.Rec.Api.Contracts.Oip;

/// <summary>One input tensor of an infer request; <c>data</c> is row-major, flat or nested.</summary>
public sealed record OipInputTensor(string? Name, long[]? Shape, string? Datatype, JsonElement Data);
