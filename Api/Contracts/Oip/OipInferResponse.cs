using System.Text.Json.Serialization;

namespace Orleans.Rec.Api.Contracts.Oip;

/// <summary>The answer of an infer request.</summary>
public sealed record OipInferResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonPropertyName("outputs")] IReadOnlyList<OipOutputTensor> Outputs);
