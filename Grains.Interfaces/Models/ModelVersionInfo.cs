namespace Orleans.Rec.Models;

/// <summary>What the registry tells about one model version. Never carries key material.</summary>
[GenerateSerializer, Immutable, Alias("rec.ModelVersionInfo")]
public sealed record ModelVersionInfo
{
    /// <summary>The model name.</summary>
    [Id(0)] public required string Model { get; init; }

    /// <summary>The version number (1, 2, 3… per model).</summary>
    [Id(1)] public required int Version { get; init; }

    /// <summary>Lifecycle state.</summary>
    [Id(2)] public required ModelVersionState State { get; init; }

    /// <summary>When the version was uploaded.</summary>
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who uploaded it.</summary>
    [Id(4)] public required string CreatedBy { get; init; }

    /// <summary>Size of the ONNX artifact in bytes, as uploaded.</summary>
    [Id(5)] public long ArtifactBytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the ONNX artifact, as uploaded.</summary>
    [Id(6)] public string ArtifactSha256 { get; init; } = "";

    /// <summary>The model's signature.</summary>
    [Id(7)] public ModelSignature? Signature { get; init; }

    /// <summary>Number of items the model can recommend.</summary>
    [Id(8)] public int ItemCount { get; init; }

    /// <summary>History length the model reads.</summary>
    [Id(9)] public int HistoryLength { get; init; }

    /// <summary>Why the version failed, when it did.</summary>
    [Id(10)] public string? FailureReason { get; init; }

    /// <summary>Provenance and offline metrics from training.</summary>
    [Id(11)] public TrainingInfo? Training { get; init; }

    /// <summary>When the version was last activated, if ever.</summary>
    [Id(12)] public DateTimeOffset? ActivatedAt { get; init; }

    /// <summary>How the artifact is stored (sizes, digests, compression, quantization, key id); null before it is.</summary>
    [Id(13)] public ArtifactManifest? Manifest { get; init; }

    /// <summary>What <c>rec compress</c> measured for this version (size, speed, agreement with its teacher); null when uploaded without a report.</summary>
    [Id(14)] public CompressionReport? Compression { get; init; }

    /// <summary>Lineage: the version of this model it was made from, if any.</summary>
    [Id(15)] public int? Parent { get; init; }

    /// <summary>Lineage: how it was made from <see cref="Parent"/> (<see cref="LineageRelations"/>).</summary>
    [Id(16)] public string? Relation { get; init; }
}
