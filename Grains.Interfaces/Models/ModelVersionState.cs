using System.Text.Json.Serialization;

namespace Orleans.Rec.Models;

/// <summary>Where a model version is in its lifecycle.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelVersionState>))]
public enum ModelVersionState
{
    /// <summary>Known but not yet validated.</summary>
    [JsonStringEnumMemberName("registered")]
    Registered,

    /// <summary>Loaded in ONNX Runtime and matched against its config; ready to activate.</summary>
    [JsonStringEnumMemberName("validated")]
    Validated,

    /// <summary>Serving traffic.</summary>
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>Loaded and kept ready, not serving.</summary>
    [JsonStringEnumMemberName("staged")]
    Staged,

    /// <summary>No longer served.</summary>
    [JsonStringEnumMemberName("retired")]
    Retired,

    /// <summary>Refused; see the failure reason.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
