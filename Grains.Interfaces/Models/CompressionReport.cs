namespace Orleans.Rec.Models;

/// <summary>
/// What <c>rec compress</c> measured when it made a smaller model from a teacher: size at rest, throughput, top-k
/// agreement with the teacher and offline accuracy of both, all in one run on the same machine and data.
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.CompressionReport")]
public sealed record CompressionReport
{
    /// <summary>The steps applied, in order, in one line (e.g. <c>catalog pruning (min count 2); distillation to 16 dims</c>).</summary>
    [Id(0)] public string Method { get; init; } = "";

    /// <summary>The event log the held-out histories (and the distillation histories) came from.</summary>
    [Id(1)] public string Source { get; init; } = "";

    /// <summary>The model compressed.</summary>
    [Id(2)] public required CompressedModelFigures Teacher { get; init; }

    /// <summary>The compressed model.</summary>
    [Id(3)] public required CompressedModelFigures Student { get; init; }

    /// <summary>Mean overlap of the two models' top-k lists on the held-out histories (0 to 1).</summary>
    [Id(4)] public double Agreement { get; init; }

    /// <summary>The k of <see cref="Agreement"/>.</summary>
    [Id(5)] public int AgreementK { get; init; }

    /// <summary>Held-out histories the agreement and the offline metrics were measured on.</summary>
    [Id(6)] public int HeldOutCases { get; init; }

    /// <summary>Histories per ONNX Runtime call in the throughput measurement.</summary>
    [Id(7)] public int ThroughputBatch { get; init; }

    /// <summary>The compression the sizes at rest were measured with.</summary>
    [Id(8)] public ArtifactCompression Compression { get; init; }

    /// <summary>The quantization the compressed model's figures assume at upload (none, fp16 or int8).</summary>
    [Id(9)] public ArtifactQuantization Quantization { get; init; }

    /// <summary>When the report was made.</summary>
    [Id(10)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The machine the figures were measured on, in words.</summary>
    [Id(11)] public string Machine { get; init; } = "";
}
