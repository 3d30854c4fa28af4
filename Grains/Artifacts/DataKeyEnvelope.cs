using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// An artifact's data key wrapped (AES-256-GCM) by a key-encryption key, stored beside the ciphertext as
/// <c>model.key</c>: <c>{"formatVersion":1,"keyId":"…","wrapped":"base64(nonce ‖ encrypted key ‖ tag)"}</c>. The
/// associated data binds it to its artifact's folder, so envelopes cannot be swapped between artifacts. Rotation
/// rewrites only this small file.
/// </summary>
public sealed record DataKeyEnvelope
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [JsonPropertyName("formatVersion")]
    public int FormatVersion { get; init; } = 1;

    [JsonPropertyName("keyId")]
    public required string KeyId { get; init; }

    [JsonPropertyName("wrapped")]
    public required string Wrapped { get; init; }

    /// <summary>Wraps <paramref name="dataKey"/> under the key-encryption key <paramref name="keyId"/>.</summary>
    public static DataKeyEnvelope Wrap(ReadOnlySpan<byte> dataKey, string keyId, ReadOnlySpan<byte> kek, string artifactFolder)
    {
        var output = new byte[SegmentedAesGcm.NonceBytes + dataKey.Length + SegmentedAesGcm.TagBytes];
        var nonce = output.AsSpan(0, SegmentedAesGcm.NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(kek, SegmentedAesGcm.TagBytes);
        aes.Encrypt(nonce, dataKey, output.AsSpan(SegmentedAesGcm.NonceBytes, dataKey.Length), output.AsSpan(SegmentedAesGcm.NonceBytes + dataKey.Length), AssociatedData(keyId, artifactFolder));
        return new DataKeyEnvelope { KeyId = keyId, Wrapped = Convert.ToBase64String(output) };
    }

    /// <summary>Unwraps the data key with the keys held, failing with <c>unknown key id</c> or a wrong-key error.</summary>
    public byte[] Unwrap(IKeyEncryptionKeys keys, string artifactFolder)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (FormatVersion != 1)
        {
            throw new ModelArtifactException(ArtifactFailure.UnsupportedFormat, $"data key envelope format version {FormatVersion} is not supported");
        }

        if (!keys.TryGetKey(KeyId, out var kek))
        {
            throw new ModelArtifactException(ArtifactFailure.UnknownKeyId, $"unknown key id '{KeyId}': this silo holds no key-encryption key with that id");
        }

        byte[] wrapped;
        try
        {
            wrapped = Convert.FromBase64String(Wrapped);
        }
        catch (FormatException e)
        {
            throw new ModelArtifactException(ArtifactFailure.IntegrityCheckFailed, "artifact integrity check failed: the wrapped data key is not base64", e);
        }

        if (wrapped.Length != SegmentedAesGcm.NonceBytes + SegmentedAesGcm.KeyBytes + SegmentedAesGcm.TagBytes)
        {
            throw new ModelArtifactException(ArtifactFailure.IntegrityCheckFailed, "artifact integrity check failed: the wrapped data key has the wrong length");
        }

        var dataKey = new byte[SegmentedAesGcm.KeyBytes];
        try
        {
            using var aes = new AesGcm(kek, SegmentedAesGcm.TagBytes);
            aes.Decrypt(
                wrapped.AsSpan(0, SegmentedAesGcm.NonceBytes),
                wrapped.AsSpan(SegmentedAesGcm.NonceBytes, SegmentedAesGcm.KeyBytes),
                wrapped.AsSpan(SegmentedAesGcm.NonceBytes + SegmentedAesGcm.KeyBytes),
                dataKey,
                AssociatedData(KeyId, artifactFolder));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new ModelArtifactException(ArtifactFailure.WrongKey, $"the key-encryption key '{KeyId}' does not open this artifact's data key (wrong key, or the envelope was modified or moved)", e);
        }

        return dataKey;
    }

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static DataKeyEnvelope Parse(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<DataKeyEnvelope>(json, Json)
                ?? throw new ModelArtifactException(ArtifactFailure.UnsupportedFormat, "the data key envelope is empty");
        }
        catch (JsonException e)
        {
            throw new ModelArtifactException(ArtifactFailure.UnsupportedFormat, "the data key envelope is not valid JSON", e);
        }
    }

    private static byte[] AssociatedData(string keyId, string artifactFolder) =>
        Encoding.UTF8.GetBytes($"orleans-rec/dek/v1\n{keyId}\n{artifactFolder}");
}
