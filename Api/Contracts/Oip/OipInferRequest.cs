using System.Text.Json;

namespace Orleans.Rec.Api.Contracts.Oip;

/// <summary><c>POST /v2/models/{model}[/versions/{v}]/infer</c>.</summary>
public sealed record OipInferRequest(string? Id, Dictionary<string, JsonElement>? Parameters, OipInputTensor[]? Inputs, OipRequestedOutput[]? Outputs);
