using System.Text.Json.Serialization;

namespace Orleans.Rec.Models;

/// <summary>Why a stored artifact could not be opened.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ArtifactFailure>))]
public enum ArtifactFailure
{
    /// <summary>The ciphertext, its segments or a digest do not match what was written (tampering, truncation, reordering).</summary>
    [JsonStringEnumMemberName("integrity")]
    IntegrityCheckFailed,

    /// <summary>The data key is wrapped under a key-encryption key this silo does not have.</summary>
    [JsonStringEnumMemberName("unknown-key-id")]
    UnknownKeyId,

    /// <summary>The key-encryption key with the recorded id does not open the wrapped data key.</summary>
    [JsonStringEnumMemberName("wrong-key")]
    WrongKey,

    /// <summary>The decrypted bytes are not a valid stream of the recorded compression.</summary>
    [JsonStringEnumMemberName("corrupt-compression")]
    CorruptCompression,

    /// <summary>The stored artifact has an unknown format version or header.</summary>
    [JsonStringEnumMemberName("unsupported-format")]
    UnsupportedFormat,

    /// <summary>The ciphertext, its manifest or its wrapped data key is missing from the store.</summary>
    [JsonStringEnumMemberName("missing")]
    Missing,
}
