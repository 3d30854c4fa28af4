using Orleans.Concurrency;

namespace Orleans.Rec.Inference;

/// <summary>
/// Stateless front of the silo's <see cref="IInferenceEngine"/>: activations are cheap and many, the engine and its
/// sessions are one per silo.
/// </summary>
[StatelessWorker]
public sealed class PredictorGrain(IInferenceEngine engine) : Grain, IPredictorGrain
{
    public Task<PredictionResult> PredictAsync(PredictionRequest request) => engine.PredictAsync(request);

    public Task EnsureLoadedAsync(string model, int version) => engine.EnsureLoadedAsync(model, version);
}
