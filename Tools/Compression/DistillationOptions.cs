namespace Orleans.Rec.Tools.Compression;

/// <summary>Parameters of <see cref="EmbeddingDistiller"/>.</summary>
public sealed record DistillationOptions
{
    /// <summary>The student's embedding dimensions.</summary>
    public int Dimensions { get; init; } = 16;

    /// <summary>Passes over the distillation histories.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Adagrad learning rate.</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>The teacher's top items the student learns to rank first, weighted 1/log2(rank + 1).</summary>
    public int TopK { get; init; } = 10;

    /// <summary>Items the teacher ranks right after its top <see cref="TopK"/>: the student learns to rank them below.</summary>
    public int HardNegatives { get; init; } = 90;

    /// <summary>Items drawn uniformly per history that the student learns to rank below the teacher's top items.</summary>
    public int RandomNegatives { get; init; } = 200;

    /// <summary>Histories per gradient step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>At most this many histories are distilled on (a seeded sample when there are more); 0 for all.</summary>
    public int MaxHistories { get; init; }

    /// <summary>Seed of the initial student, the shuffles and the negatives: the same seed and data give the same student, bit for bit.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads computing gradients; 0 for one per core. The result does not depend on it.</summary>
    public int Threads { get; init; }
}
