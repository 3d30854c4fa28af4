using System.Text.Json.Serialization;

namespace Orleans.Rec.Models;

/// <summary>How an artifact's large float initializers are stored (upload form field <c>quantization</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ArtifactQuantization>))]
public enum ArtifactQuantization
{
    /// <summary>As uploaded.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Half-precision weights, cast back to float in the graph.</summary>
    [JsonStringEnumMemberName("fp16")]
    Fp16,

    /// <summary>uint8 per row with zero point 128 and a float scale per row, dequantized in the graph.</summary>
    [JsonStringEnumMemberName("int8")]
    Int8,
}
