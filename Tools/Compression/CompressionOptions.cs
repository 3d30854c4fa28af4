using Orleans.Rec.Models;

namespace Orleans.Rec.Tools.Compression;

/// <summary>What <see cref="ModelCompressor"/> does to a model and how it measures the result.</summary>
public sealed record CompressionOptions
{
    /// <summary>Catalog pruning: drop items with fewer events than this in the log (0: no count rule).</summary>
    public int MinEvents { get; init; }

    /// <summary>Catalog pruning: drop items with no event in this span before the log's latest event (null: no recency rule).</summary>
    public TimeSpan? Recent { get; init; }

    /// <summary>Magnitude pruning: the share of the item table's weights set to zero (0: none).</summary>
    public double Sparsity { get; init; }

    /// <summary>Distillation into a smaller student; null for none.</summary>
    public DistillationOptions? Distillation { get; init; }

    /// <summary>The share of users held out of distillation, whose last item is predicted to measure accuracy and agreement.</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>Seed of the held-out users.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The quantization the compressed model will be uploaded with: its figures are measured as the silo will serve it.</summary>
    public ArtifactQuantization Quantization { get; init; }

    /// <summary>The compression at rest the sizes are measured with (the artifact pipeline's).</summary>
    public ArtifactCompression Compression { get; init; } = ArtifactCompression.Gzip;

    /// <summary>Histories per ONNX Runtime call when measuring throughput.</summary>
    public int ThroughputBatch { get; init; } = 32;

    /// <summary>Time spent measuring throughput, both models together.</summary>
    public TimeSpan ThroughputTime { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>The k of the top-k agreement.</summary>
    public int AgreementK { get; init; } = 10;

    /// <summary>True when nothing would change the model.</summary>
    public bool IsNoOp => MinEvents <= 0 && Recent is null && Sparsity <= 0 && Distillation is null && Quantization == ArtifactQuantization.None;
}
