using Orleans.Rec.Inference;

namespace Orleans.Rec;

/// <summary>Stateless inference front: forwards to the silo's shared inference engine.</summary>
[Alias("rec.IPredictorGrain")]
public interface IPredictorGrain : IGrainWithIntegerKey
{
    /// <summary>Scores a history with a model version and returns the top items.</summary>
    [Alias("Predict")]
    Task<PredictionResult> PredictAsync(PredictionRequest request);

    /// <summary>
    /// Ranks raw history rows (model item indices, 0 = padding) with a version through the same batcher as user
    /// requests: the Open Inference Protocol's path.
    /// </summary>
    /// <exception cref="Models.ModelValidationException">An index is outside the model's items.</exception>
    [Alias("Rank")]
    Task<TensorRow[]> RankAsync(string model, int version, long[][] histories, int k);
}
