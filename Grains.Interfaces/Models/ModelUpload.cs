namespace Orleans.Rec.Models;

/// <summary>A new model version as an operator uploads it.</summary>
[GenerateSerializer, Immutable, Alias("rec.ModelUpload")]
public sealed record ModelUpload
{
    /// <summary>The ONNX model bytes.</summary>
    [Id(0)] public required byte[] Artifact { get; init; }

    /// <summary>The model's config (signature, item ids, limits).</summary>
    [Id(1)] public required ModelConfig Config { get; init; }

    /// <summary>Who uploaded it.</summary>
    [Id(2)] public string CreatedBy { get; init; } = "anonymous";

    /// <summary>Quantization to apply before storing.</summary>
    [Id(3)] public ArtifactQuantization Quantization { get; init; }

    /// <summary>Compression to apply before encrypting.</summary>
    [Id(4)] public ArtifactCompression Compression { get; init; }

    /// <summary>What <c>rec compress</c> measured for this model, when it is a compressed one.</summary>
    [Id(5)] public CompressionReport? Report { get; init; }
}
