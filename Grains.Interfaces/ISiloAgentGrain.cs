using Orleans.Concurrency;
using Orleans.Rec.Inference;

namespace Orleans.Rec;

/// <summary>
/// This platform's agent on one silo (key: the silo's address, <c>SiloAddress.ToParsableString()</c>), always placed
/// on that silo: it loads model versions there and reports how they run.
/// </summary>
[Alias("rec.ISiloAgentGrain")]
public interface ISiloAgentGrain : IGrainWithStringKey
{
    /// <summary>Loads and warms a version on this silo (no-op when loaded).</summary>
    [Alias("EnsureLoaded"), AlwaysInterleave]
    Task EnsureLoadedAsync(string model, int version);

    /// <summary>Unloads a version from this silo (a retired one); false when it was not loaded.</summary>
    [Alias("Unload"), AlwaysInterleave]
    Task<bool> UnloadAsync(string model, int version);

    /// <summary>
    /// Hands this silo a model's new traffic policy (the registry calls it on every silo after each change, before the
    /// change returns), so requests here route by it without asking the registry.
    /// </summary>
    [Alias("ApplyTraffic"), AlwaysInterleave]
    Task ApplyTrafficAsync(string model, Models.TrafficPolicy policy);

    /// <summary>
    /// Ranks raw history rows (model item indices, 0 = padding) with a version on this silo's inference service,
    /// through the same batcher as user requests: the Open Inference Protocol's way in from outside a silo. The indices
    /// were checked at the edge (<see cref="Validation.InputRules.AreItemIndices"/>); a row the batcher refused carries its
    /// <see cref="Inference.TensorRow.Refusal"/>.
    /// </summary>
    [Alias("Rank"), AlwaysInterleave]
    Task<TensorRow[]> RankAsync(string model, int version, long[][] histories, int k);

    /// <summary>The versions loaded on this silo, optionally only those of one model.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<LoadedVersionStatus[]> GetStatusAsync(string? model);

    /// <summary>Push mode on this silo: the models that push here, lists published, debounced, waiting, latency.</summary>
    [Alias("GetPushStatus"), AlwaysInterleave]
    Task<Push.PushStatus> GetPushStatusAsync();

    /// <summary>This silo process's resources and ingest figures now (CPU, memory, GC, thread pool, Kafka, GPU).</summary>
    [Alias("GetResources"), AlwaysInterleave]
    Task<Monitoring.SiloResources> GetResourcesAsync();
}
