using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>A model as <see cref="AgreementProbe"/> loads it: ONNX bytes, config, and the quantization the bytes carry.</summary>
public sealed record ProbedModel(byte[] Artifact, ModelConfig Config, ArtifactQuantization Quantization = ArtifactQuantization.None);
