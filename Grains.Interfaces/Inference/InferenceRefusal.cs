namespace Orleans.Rec.Inference;

/// <summary>
/// Why the inference service did not score a request. Both are expected under load, so they travel as results
/// (on <see cref="RecommendationResult"/>, <see cref="PredictionResult"/> and <see cref="TensorRow"/>), not as exceptions;
/// the APIs answer them 503 with <c>Retry-After</c> and 504.
/// </summary>
[GenerateSerializer, Alias("rec.InferenceRefusal")]
public enum InferenceRefusal
{
    /// <summary>Scored.</summary>
    None = 0,

    /// <summary>The version's queue was full on this silo (shed at once, counted as shed).</summary>
    Overloaded = 1,

    /// <summary>The request's deadline passed while it was queued (counted as expired).</summary>
    DeadlineExceeded = 2,
}
