namespace Orleans.Rec.Models;

/// <summary>Where a trained model came from, recorded by <c>rec train</c>.</summary>
[GenerateSerializer, Immutable, Alias("rec.TrainingInfo")]
public sealed record TrainingInfo
{
    /// <summary>The event log the model was trained on.</summary>
    [Id(0)] public string? Source { get; init; }

    /// <summary>The parser used for the log (diginetica, taobao, otto, jsonl).</summary>
    [Id(1)] public string? Format { get; init; }

    /// <summary>The training algorithm and its parameters, in one line.</summary>
    [Id(2)] public string? Algorithm { get; init; }

    /// <summary>Embedding dimensions.</summary>
    [Id(3)] public int Dimensions { get; init; }

    /// <summary>Events read from the log.</summary>
    [Id(4)] public long Events { get; init; }

    /// <summary>When training finished.</summary>
    [Id(5)] public DateTimeOffset TrainedAt { get; init; }

    /// <summary>Offline metrics measured at training time (name → value), e.g. <c>HR@10</c>.</summary>
    [Id(6)] public Dictionary<string, double>? Metrics { get; init; }

    /// <summary>Lower-case hex SHA-256 of the event file the model was trained on (lineage: which data).</summary>
    [Id(7)] public string? DataSha256 { get; init; }

    /// <summary>The earliest event time in the training data.</summary>
    [Id(8)] public DateTimeOffset? DataFrom { get; init; }

    /// <summary>The latest event time in the training data.</summary>
    [Id(9)] public DateTimeOffset? DataTo { get; init; }
}
