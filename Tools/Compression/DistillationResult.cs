using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tools.Compression;

/// <summary>The student of <see cref="EmbeddingDistiller"/> and how training went.</summary>
/// <param name="Student">The student model (same items as the teacher).</param>
/// <param name="Histories">Histories distilled on.</param>
/// <param name="EpochLoss">Mean listwise loss per history, per epoch.</param>
public sealed record DistillationResult(TrainedModel Student, int Histories, IReadOnlyList<double> EpochLoss);
