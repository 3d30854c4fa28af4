namespace Orleans.Rec.Models;

/// <summary>One side of a <see cref="CompressionReport"/> (the teacher or the compressed model), measured in the same run.</summary>
[GenerateSerializer, Immutable, Alias("rec.CompressedModelFigures")]
public sealed record CompressedModelFigures
{
    /// <summary>Lower-case hex SHA-256 of the model's ONNX file (fp32, before any upload quantization).</summary>
    [Id(0)] public string OnnxSha256 { get; init; } = "";

    /// <summary>Items the model can recommend.</summary>
    [Id(1)] public int Items { get; init; }

    /// <summary>Embedding dimensions.</summary>
    [Id(2)] public int Dimensions { get; init; }

    /// <summary>Fraction of the item table's weights that are exactly zero.</summary>
    [Id(3)] public double Sparsity { get; init; }

    /// <summary>Size of the ONNX file in bytes.</summary>
    [Id(4)] public long OnnxBytes { get; init; }

    /// <summary>Size at rest: the model as the artifact pipeline stores it (quantized as reported, then compressed), before encryption.</summary>
    [Id(5)] public long StoredBytes { get; init; }

    /// <summary>Predictions per second through ONNX Runtime on the CPU at the report's batch size.</summary>
    [Id(6)] public double PredictionsPerSecond { get; init; }

    /// <summary>Offline hit rate at 10 on the report's held-out cases.</summary>
    [Id(7)] public double HitRate10 { get; init; }

    /// <summary>Offline NDCG at 10 on the report's held-out cases.</summary>
    [Id(8)] public double Ndcg10 { get; init; }
}
