namespace Orleans.Rec.Inference;

/// <summary>The model's ranking for one request: model item indices and their scores, best first; or why it was not scored.</summary>
internal readonly record struct RankedRow(long[] Indices, float[] Scores, InferenceRefusal Refusal = InferenceRefusal.None)
{
    public static RankedRow Refused(InferenceRefusal refusal) => new([], [], refusal);
}
