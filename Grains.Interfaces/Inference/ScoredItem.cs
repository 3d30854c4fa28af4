namespace Orleans.Rec.Inference;

/// <summary>A recommended item and its score (higher is better).</summary>
[GenerateSerializer, Immutable, Alias("rec.ScoredItem")]
public sealed record ScoredItem(
    [property: Id(0)] string ItemId,
    [property: Id(1)] float Score);
