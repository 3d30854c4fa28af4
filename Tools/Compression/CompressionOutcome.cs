using Orleans.Rec.Models;

namespace Orleans.Rec.Tools.Compression;

/// <summary>The compressed model (fp32 ONNX and config, as rec train writes them) and what was measured.</summary>
public sealed record CompressionOutcome(byte[] Onnx, ModelConfig Config, CompressionReport Report, DistillationResult? Distillation);
