using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>How one model version runs on one silo: device, batching in force and what it has served.</summary>
[GenerateSerializer, Immutable, Alias("rec.LoadedVersionStatus")]
public sealed record LoadedVersionStatus
{
    /// <summary>The silo (its address).</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>The model name.</summary>
    [Id(1)] public required string Model { get; init; }

    /// <summary>The version.</summary>
    [Id(2)] public required int Version { get; init; }

    /// <summary>The device the session really runs on (<c>cpu</c> after a CUDA fallback).</summary>
    [Id(3)] public required string Device { get; init; }

    /// <summary>The serving config revision in force.</summary>
    [Id(4)] public int ConfigRevision { get; init; }

    /// <summary>The batching settings in force.</summary>
    [Id(5)] public required BatchingConfig Batching { get; init; }

    /// <summary>Concurrent batch runners.</summary>
    [Id(6)] public int Runners { get; init; }

    /// <summary>Requests waiting now.</summary>
    [Id(7)] public int Queued { get; init; }

    /// <summary>Requests scored since load.</summary>
    [Id(8)] public long Requests { get; init; }

    /// <summary>ONNX Runtime runs (batches) since load.</summary>
    [Id(9)] public long Batches { get; init; }

    /// <summary>Requests shed because the queue was full.</summary>
    [Id(10)] public long Shed { get; init; }

    /// <summary>Requests dropped because their deadline passed while queued.</summary>
    [Id(11)] public long Expired { get; init; }

    /// <summary>When the version was loaded on this silo.</summary>
    [Id(12)] public DateTimeOffset LoadedAt { get; init; }

    /// <summary>Total time spent in ONNX Runtime runs since load, in milliseconds.</summary>
    [Id(13)] public double RunMilliseconds { get; init; }

    /// <summary>
    /// Requests answered since load per latency bucket (<see cref="LatencyBuckets.BoundsMs"/> plus overflow), latency
    /// being the time from entering the batcher to the result; cumulative, so an interval's percentiles come from deltas.
    /// </summary>
    [Id(14)] public long[] LatencyBuckets { get; init; } = [];

    /// <summary>Requests whose batch run failed (no result).</summary>
    [Id(15)] public long Failed { get; init; }

    /// <summary>When the version was loaded and warmed on this silo (ready to serve).</summary>
    [Id(16)] public DateTimeOffset? ReadyAt { get; init; }

    /// <summary>Time the load and warm-up took on this silo, in milliseconds.</summary>
    [Id(17)] public double LoadMilliseconds { get; init; }

    /// <summary>Of <see cref="Requests"/>, the warm-up rows run at load (no caller waited for them).</summary>
    [Id(18)] public long WarmUpRequests { get; init; }

    /// <summary>Of <see cref="Batches"/>, the warm-up runs.</summary>
    [Id(19)] public long WarmUpBatches { get; init; }

    /// <summary>True when the model's batch dimension is fixed to 1: it is served without batching, one request per run.</summary>
    [Id(20)] public bool OneRequestPerRun { get; init; }

    /// <summary>
    /// Requests that reached the version with no history item it knows (new users, items not in its catalog): they got
    /// the popularity fallback instead. Their share of all requests is the analysis's input-drift figure.
    /// </summary>
    [Id(21)] public long ColdRequests { get; init; }

    /// <summary>Mean requests per batch since load.</summary>
    public double MeanBatchSize => Batches == 0 ? 0 : (double)Requests / Batches;
}
