namespace Orleans.Rec.Inference;

/// <summary>The silo's single inference engine: one loaded session per model version, shared by every predictor.</summary>
public interface IInferenceEngine
{
    /// <summary>Scores one request, loading the version first if this silo has not yet.</summary>
    Task<PredictionResult> PredictAsync(PredictionRequest request, CancellationToken cancellationToken = default);

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
