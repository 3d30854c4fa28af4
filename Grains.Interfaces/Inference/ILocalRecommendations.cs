namespace Orleans.Rec.Inference;

/// <summary>
/// A silo's way to answer a recommendation without a grain call: registered only in a silo process (where the REST API
/// is co-hosted it is used by <c>GET /v1/users/{id}/recommendations</c>); a gateway has none and calls the grain.
/// </summary>
public interface ILocalRecommendations
{
    /// <summary>
    /// The list for a user whose profile is active on this silo, computed from the profile's last published history
    /// and recorded with it; null when the profile is not active here (the caller then calls the profile grain, which
    /// activates it).
    /// </summary>
    ValueTask<RecommendationResult?> TryRecommendAsync(string userId, int k, string model);
}
