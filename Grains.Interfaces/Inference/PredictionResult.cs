namespace Orleans.Rec.Inference;

/// <summary>A version's ranking of one history (<c>LoadedModel.PredictAsync</c>): catalog items and how much of the history it knew.</summary>
[GenerateSerializer, Immutable, Alias("rec.PredictionResult")]
public sealed record PredictionResult
{
    /// <summary>The items, best first.</summary>
    [Id(0)] public ScoredItem[] Items { get; init; } = [];

    /// <summary>How many history items the model knew; 0 means the model had nothing to go on.</summary>
    [Id(1)] public int KnownHistoryItems { get; init; }

    /// <summary>Why the history was not scored (no items then), or <see cref="InferenceRefusal.None"/>.</summary>
    [Id(2)] public InferenceRefusal Refusal { get; init; }
}
