using System.Text.Json.Serialization;

namespace Orleans.Rec.Models;

/// <summary>How an artifact is compressed before it is encrypted (upload form field <c>compression</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ArtifactCompression>))]
public enum ArtifactCompression
{
    /// <summary>gzip (RFC 1952), the default.</summary>
    [JsonStringEnumMemberName("gzip")]
    Gzip,

    /// <summary>Zstandard.</summary>
    [JsonStringEnumMemberName("zstd")]
    Zstd,
}
