namespace Orleans.Rec.Inference;

/// <summary>One scoring request for a loaded model version.</summary>
[GenerateSerializer, Immutable, Alias("rec.PredictionRequest")]
public sealed record PredictionRequest
{
    /// <summary>The model name.</summary>
    [Id(0)] public required string Model { get; init; }

    /// <summary>The version to score with.</summary>
    [Id(1)] public required int Version { get; init; }

    /// <summary>The user's history as external item ids, oldest first.</summary>
    [Id(2)] public required string[] History { get; init; }

    /// <summary>How many items to return.</summary>
    [Id(3)] public required int K { get; init; }

    /// <summary>Items never to return (e.g. already bought).</summary>
    [Id(4)] public string[] Exclude { get; init; } = [];
}
