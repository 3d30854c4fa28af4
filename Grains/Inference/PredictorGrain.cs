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

    public async Task<TensorRow[]> RankAsync(string model, int version, long[][] histories, int k)
    {
        var loaded = await engine.EnsureLoadedAsync(model, version);
        foreach (var row in histories)
        {
            if (!loaded.Input.AreItemIndices(row))
            {
                throw new Models.ModelValidationException($"history item indices must be between 0 (padding) and {loaded.Input.ItemCount}");
            }
        }

        var deadline = RequestDeadline.Current;
        return await Task.WhenAll(histories.Select(h => loaded.RankAsync(h, k, deadline)));
    }
}
