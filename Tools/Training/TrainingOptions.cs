namespace Orleans.Rec.Tools.Training;

/// <summary>Parameters of <see cref="CooccurrenceEmbeddingTrainer"/>.</summary>
public sealed record TrainingOptions
{
    /// <summary>Embedding dimensions: more dimensions, less projection noise, a bigger model.</summary>
    public int Dimensions { get; init; } = 128;

    /// <summary>Sequences are cut into co-occurrence contexts of at most this many positions.</summary>
    public int Window { get; init; } = 50;

    /// <summary>Seed of the random projection: the same seed and data give the same table, bit for bit.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How many of a user's most recent items the exported model reads.</summary>
    public int HistoryLength { get; init; } = 50;
}
