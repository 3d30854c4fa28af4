using System.Text.Json.Serialization;

namespace Orleans.Rec.Inference;

/// <summary>Why a recommendation list came from popularity rather than a model.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FallbackReason>))]
public enum FallbackReason
{
    /// <summary>The list came from a model.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>The model has no active version.</summary>
    [JsonStringEnumMemberName("no-active-model")]
    NoActiveModel,

    /// <summary>The user has no history the model knows.</summary>
    [JsonStringEnumMemberName("no-history")]
    NoHistory,
}
