using Microsoft.Extensions.Options;
using Orleans.Rec.Inference;
using Orleans.Rec.Profiles;

namespace Orleans.Rec.Serving;

/// <summary>
/// A recommendation served on the silo that holds the user's active profile, without a grain call (the REST API
/// co-hosted in the silo uses it): <see cref="RecommendationPipeline"/> reads the history the grain last published
/// (<see cref="LocalProfile.View"/>), and the served list waits in the profile's inbox until the grain takes it into
/// its state — before its next change, at deactivation, or when <see cref="ProfileOptions.ServedWriteBehind"/> is due
/// (<see cref="ServedListSweeper"/>). A grain call per request cost more CPU than the pipeline itself
/// (docs/architecture.md).
/// </summary>
public sealed class LocalRecommendations(LocalProfiles profiles, RecommendationPipeline pipeline, IOptions<ProfileOptions> options) : ILocalRecommendations
{
    public async ValueTask<RecommendationResult?> TryRecommendAsync(string userId, int k, string model)
    {
        // A zero served write-behind asks for each list to be written before the answer: only the grain can do that.
        if (options.Value.ServedWriteBehind <= TimeSpan.Zero || !profiles.TryGet(userId, out var profile))
        {
            return null;
        }

        var view = profile.View;
        var recommendation = await pipeline.RecommendAsync(userId, model, k, view.History, view.Purchased);
        if (recommendation.Refused)
        {
            return recommendation.Result;
        }

        var served = ServedRecommendation.Of(recommendation);
        if (!profile.TryAddServed(served))
        {
            // The grain deactivated meanwhile; the caller asks the grain, which records what it serves.
            return null;
        }

        pipeline.PublishImpression(userId, served);
        return recommendation.Result;
    }
}
