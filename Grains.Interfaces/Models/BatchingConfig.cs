namespace Orleans.Rec.Models;

/// <summary>Dynamic batching of one model version; changes apply to a running version without a reload.</summary>
[GenerateSerializer, Immutable, Alias("rec.BatchingConfig")]
public sealed record BatchingConfig
{
    /// <summary>A batch closes when it holds this many requests (1..1024); it also bounds ONNX Runtime's arena.</summary>
    [Id(0)] public int MaxBatchSize { get; init; } = 32;

    /// <summary>
    /// A batch closes this long after its first request arrived, even if not full. Zero batches whatever is queued
    /// when a runner frees up (batches still grow under load, since requests queue while runners are busy).
    /// </summary>
    [Id(1)] public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Requests waiting beyond this are shed at once (503 with Retry-After) instead of queuing without bound.</summary>
    [Id(2)] public int MaxQueueLength { get; init; } = 4096;

    /// <summary>Batches that may run at the same time; 0 lets the silo choose from its cores.</summary>
    [Id(3)] public int Instances { get; init; }
}
