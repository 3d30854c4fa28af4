namespace Orleans.Rec.Inference;

/// <summary>The model's ranking for one request: model item indices and their scores, best first.</summary>
internal readonly record struct RankedRow(long[] Indices, float[] Scores);
