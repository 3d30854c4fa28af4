namespace Orleans.Rec.Models;

/// <summary>
/// What is stored about an artifact besides its ciphertext: sizes, digests, how it was transformed and which
/// key-encryption key wraps its data key (the id only: never a key, wrapped or not).
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.ArtifactManifest")]
public sealed record ArtifactManifest
{
    /// <summary>The stored format; 1 is AES-256-GCM segments over compressed ONNX.</summary>
    [Id(0)] public int FormatVersion { get; init; } = 1;

    /// <summary>Size of the ONNX model as served (after quantization).</summary>
    [Id(1)] public long PlaintextBytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the ONNX model as served.</summary>
    [Id(2)] public string PlaintextSha256 { get; init; } = "";

    /// <summary>Size after compression, before encryption.</summary>
    [Id(3)] public long CompressedBytes { get; init; }

    /// <summary>Size of the stored ciphertext (header, segments and tags).</summary>
    [Id(4)] public long CiphertextBytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the stored ciphertext.</summary>
    [Id(5)] public string CiphertextSha256 { get; init; } = "";

    /// <summary>The compression applied before encryption.</summary>
    [Id(6)] public ArtifactCompression Compression { get; init; }

    /// <summary>The quantization applied to the uploaded model.</summary>
    [Id(7)] public ArtifactQuantization Quantization { get; init; }

    /// <summary>Mean top-k agreement of the quantized model with the uploaded one on probe histories; null when not quantized.</summary>
    [Id(8)] public double? Agreement { get; init; }

    /// <summary>The id of the key-encryption key that wrapped the data key at upload.</summary>
    [Id(9)] public string KeyId { get; init; } = "";

    /// <summary>Plaintext bytes per encrypted segment.</summary>
    [Id(10)] public int SegmentBytes { get; init; }

    /// <summary>Who uploaded the artifact.</summary>
    [Id(11)] public string CreatedBy { get; init; } = "";

    /// <summary>When the artifact was stored.</summary>
    [Id(12)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Size of the ONNX model as uploaded (before quantization).</summary>
    [Id(13)] public long UploadedBytes { get; init; }

    /// <summary>The k the agreement was measured at; 0 when not quantized.</summary>
    [Id(14)] public int AgreementK { get; init; }
}
