namespace Orleans.Rec.Inference;

/// <summary>
/// The ranking of one raw-tensor request row: model item indices (1-based, 0 = padding) and scores, best first; or why
/// it was not scored (no items then).
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.TensorRow")]
public sealed record TensorRow(
    [property: Id(0)] long[] Items,
    [property: Id(1)] float[] Scores,
    [property: Id(2)] InferenceRefusal Refusal = InferenceRefusal.None);
