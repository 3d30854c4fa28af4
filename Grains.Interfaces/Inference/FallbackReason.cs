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

    /// <summary>The user has no events yet.</summary>
    [JsonStringEnumMemberName("no-history")]
    NoHistory,

    /// <summary>
    /// The user has events, but none of their recent items is in the catalog of the version that serves them (a model
    /// trained on other items than the shop sends).
    /// </summary>
    [JsonStringEnumMemberName("unknown-items")]
    UnknownItems,
}
