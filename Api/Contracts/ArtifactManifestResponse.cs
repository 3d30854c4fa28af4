using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Contracts;

/// <summary>How a version's artifact is stored, as operators see it: sizes, digests, transformations, the key id (never a key).</summary>
public sealed record ArtifactManifestResponse(
    int FormatVersion,
    long UploadedBytes,
    long PlaintextBytes,
    string PlaintextSha256,
    long CompressedBytes,
    long CiphertextBytes,
    string CiphertextSha256,
    ArtifactCompression Compression,
    ArtifactQuantization Quantization,
    double? Agreement,
    int AgreementK,
    string KeyId,
    int SegmentBytes,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public static ArtifactManifestResponse? From(ArtifactManifest? manifest) => manifest is null
        ? null
        : new(
            manifest.FormatVersion,
            manifest.UploadedBytes,
            manifest.PlaintextBytes,
            manifest.PlaintextSha256,
            manifest.CompressedBytes,
            manifest.CiphertextBytes,
            manifest.CiphertextSha256,
            manifest.Compression,
            manifest.Quantization,
            manifest.Agreement,
            manifest.AgreementK,
            manifest.KeyId,
            manifest.SegmentBytes,
            manifest.CreatedBy,
            manifest.CreatedAt);
}
