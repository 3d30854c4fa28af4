namespace Orleans.Rec.Inference;

/// <summary>The answer to a <see cref="PredictionRequest"/>.</summary>
[GenerateSerializer, Immutable, Alias("rec.PredictionResult")]
public sealed record PredictionResult
{
    /// <summary>The items, best first.</summary>
    [Id(0)] public ScoredItem[] Items { get; init; } = [];

    /// <summary>How many history items the model knew; 0 means the model had nothing to go on.</summary>
    [Id(1)] public int KnownHistoryItems { get; init; }
}
