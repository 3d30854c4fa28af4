namespace Orleans.Rec.Inference;

/// <summary>
/// The silo's inference service: one loaded session and batcher per model version, shared by every caller on the
/// silo (profile grains, shadow requests, the Open Inference Protocol through the silo's agent). A per-silo service,
/// not a grain: a request reaches it with a method call, not a message (docs/architecture.md).
/// </summary>
public interface IInferenceEngine
{
    /// <summary>Loads and warms a version (no-op when already loaded).</summary>
    Task<LoadedModel> EnsureLoadedAsync(string model, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets a version on this silo (a later request would load it again); its session is released after
    /// <paramref name="grace"/>, so that requests already queued finish. False when it was not loaded.
    /// </summary>
    bool Unload(string model, int version, TimeSpan grace);

    /// <summary>The versions loaded on this silo now.</summary>
    IReadOnlyList<LoadedModel> Loaded { get; }

    /// <summary>Applies serving config changes to the versions loaded on this silo.</summary>
    Task RefreshConfigsAsync(CancellationToken cancellationToken = default);
}
