namespace Orleans.Rec.Models;

/// <summary>Everything about an upload except the artifact bytes, which arrive in chunks before it.</summary>
[GenerateSerializer, Immutable, Alias("rec.ModelUploadRequest")]
public sealed record ModelUploadRequest
{
    /// <summary>The model's config (signature, item ids, limits).</summary>
    [Id(0)] public required ModelConfig Config { get; init; }

    /// <summary>Quantization to apply before storing.</summary>
    [Id(1)] public ArtifactQuantization Quantization { get; init; }

    /// <summary>Compression to apply before encrypting.</summary>
    [Id(2)] public ArtifactCompression Compression { get; init; }

    /// <summary>Who uploaded it.</summary>
    [Id(3)] public string CreatedBy { get; init; } = "anonymous";

    /// <summary>What <c>rec compress</c> measured for this model, when it is a compressed one.</summary>
    [Id(4)] public CompressionReport? Report { get; init; }

    /// <summary>Lineage: the version of this model it was made from (fine-tuned, quantized, pruned or distilled from), if any.</summary>
    [Id(5)] public int? Parent { get; init; }

    /// <summary>Lineage: how it was made from <see cref="Parent"/> (<see cref="LineageRelations"/>).</summary>
    [Id(6)] public string? Relation { get; init; }
}
