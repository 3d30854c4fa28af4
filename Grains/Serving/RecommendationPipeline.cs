using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Impressions;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Profiles;

namespace Orleans.Rec.Serving;

/// <summary>
/// The recommendation path, step by step, as a request travels it. The profile grain calls it in its own turn with
/// the history read in place; <see cref="LocalRecommendations"/> calls it without a grain turn with the history the
/// grain last published. Nothing here changes or persists a profile.
/// <list type="number">
/// <item><see cref="ResolveRouteAsync"/>: which version serves this user (active, or the user's side of a split) and the shadow.</item>
/// <item><see cref="BuildInput"/>: the user's recent items as the version's model indices (none known: popular items).</item>
/// <item><see cref="InferAsync"/>: one row of a batched ONNX Runtime run on this silo's inference service; or refused (queue full, deadline passed), and the answer says so.</item>
/// <item><see cref="Decode"/>: model indices to catalog ids, purchased items excluded, top k.</item>
/// <item><see cref="PublishImpression"/>: the impression; the served list and its attribution window go into the profile (<see cref="ProfileAggregator.RecordServed"/>).</item>
/// </list>
/// Arguments were checked at the edge (k, model name, user id: <c>Validation.InputRules</c>).
/// </summary>
public sealed class RecommendationPipeline(
    TrafficPolicyCache traffic,
    IInferenceEngine engine,
    PopularityTracker popularity,
    IImpressionLog impressions,
    TimeProvider time,
    ILogger<RecommendationPipeline> logger)
{
    private static readonly ServingConfig FallbackServing = new();

    /// <summary>Steps 1-4: the list for one user, from their history and purchases.</summary>
    public async Task<Recommendation> RecommendAsync(string userId, string model, int k, IReadOnlyList<string> history, IReadOnlySet<string> purchased)
    {
        var route = await ResolveRouteAsync(model, userId);
        if (route.Version is not int version)
        {
            return await PopularAsync(userId, model, k, purchased, FallbackReason.NoActiveModel);
        }

        var loaded = await engine.EnsureLoadedAsync(model, version);
        var input = BuildInput(loaded, history);
        if (input.Length == 0)
        {
            loaded.CountCold();
            return await PopularAsync(userId, model, k, purchased, history.Count == 0 ? FallbackReason.NoHistory : FallbackReason.UnknownItems);
        }

        StartShadow(route, version, model, history, k);
        var row = await InferAsync(loaded, input, k, purchased);
        var result = row.Refusal == InferenceRefusal.None
            ? new RecommendationResult { UserId = userId, Model = model, Version = version, Items = Decode(loaded, row, k, purchased) }
            : new RecommendationResult { UserId = userId, Model = model, Version = version, Refusal = row.Refusal };
        return new Recommendation(result, loaded.Config.AttributionEvents, loaded.Config.AttributionWindow, time.GetUtcNow());
    }

    /// <summary>
    /// A pushed list (push mode): steps 1-4 exactly as <see cref="RecommendAsync"/> with the push k of the version that
    /// serves the user, so it equals what <c>GET /v1/users/{id}/recommendations</c> with that k returns for the same
    /// profile. Null when no version serves the user or that version is not in push mode.
    /// </summary>
    public async Task<Recommendation?> RecommendForPushAsync(string userId, string model, IReadOnlyList<string> history, IReadOnlySet<string> purchased)
    {
        var route = await ResolveRouteAsync(model, userId);
        if (route.Version is not int version)
        {
            return null;
        }

        var config = (await engine.EnsureLoadedAsync(model, version)).Config;
        return config.Push.Enabled ? await RecommendAsync(userId, model, config.Push.EffectiveK(config.TopK), history, purchased) : null;
    }

    /// <summary>
    /// Step 1. From this silo's copy of the model's traffic policy (the registry pushes every change to every silo
    /// before the change returns): the version for this user, sticky per user in a split, and the shadow version.
    /// </summary>
    private async Task<TrafficRoute> ResolveRouteAsync(string model, string userId)
    {
        var policy = await traffic.GetAsync(model);
        return new TrafficRoute(policy.Route(userId), policy.Shadow);
    }

    /// <summary>Step 2. The most recent history items the version knows, as model indices, oldest first.</summary>
    private static long[] BuildInput(LoadedModel loaded, IReadOnlyList<string> history) => loaded.Input.Build(history);

    /// <summary>
    /// Step 3. Queued on the version's batcher and scored with other users' requests in one run. It asks for as many
    /// more items as the user has purchases the version knows, so that k remain after they are excluded.
    /// </summary>
    private static async Task<RankedRow> InferAsync(LoadedModel loaded, long[] input, int k, IReadOnlySet<string> purchased)
    {
        using var activity = RecActivities.Source.StartActivity("rec.predict");
        activity?.SetTag("rec.model", loaded.Model);
        activity?.SetTag("rec.version", loaded.Version);
        return await loaded.RankRowAsync(input, loaded.Decoder.Want(k, purchased), RequestDeadline.Current);
    }

    /// <summary>Step 4. Catalog ids, best first, without padding or purchased items, at most k.</summary>
    private static ScoredItem[] Decode(LoadedModel loaded, RankedRow row, int k, IReadOnlySet<string> purchased) =>
        loaded.Decoder.Decode(row, k, purchased);

    /// <summary>
    /// Step 5, the part outside the profile: publishes the impression (the Kafka <c>recommendations</c> topic on the
    /// Kafka profile). The served list itself and its attribution window go into the profile's state through
    /// <see cref="ProfileAggregator.RecordServed"/>, in the profile grain's turn.
    /// </summary>
    public void PublishImpression(string userId, ServedRecommendation served)
    {
        var requestId = RequestContext.Get(RecNames.RequestIdKey) as string ?? Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        impressions.TryPublish(new Impression(userId, served.Model, served.Version, served.Items, requestId, served.ServedAt));
    }

    /// <summary>The shadow version scores a copy of the request off the request path; its answer is dropped (its status counts it).</summary>
    private void StartShadow(TrafficRoute route, int served, string model, IReadOnlyList<string> history, int k)
    {
        if (route.Shadow is not int shadow || shadow == served)
        {
            return;
        }

        // A copy: the profile's history changes with its next event while the shadow request is still queued.
        var snapshot = history.ToArray();
        _ = Task.Run(async () =>
        {
            try
            {
                var loaded = await engine.EnsureLoadedAsync(model, shadow);
                var input = loaded.Input.Build(snapshot);
                if (input.Length > 0)
                {
                    await loaded.RankRowAsync(input, Math.Min(k, loaded.Input.ItemCount), deadline: null);
                }
            }
            catch (Exception e)
            {
                LifecycleLog.ShadowFailed(logger, model, shadow, e.Message);
            }
        });
    }

    /// <summary>The fallback: the silo's most popular items, minus purchases, with the reason.</summary>
    private async Task<Recommendation> PopularAsync(string userId, string model, int k, IReadOnlySet<string> purchased, FallbackReason reason)
    {
        var top = await popularity.GetTopAsync(k + purchased.Count);
        var items = top.Where(i => !purchased.Contains(i.ItemId)).Take(k).ToArray();
        var result = new RecommendationResult { UserId = userId, Model = model, Fallback = reason, Items = items };
        return new Recommendation(result, FallbackServing.AttributionEvents, FallbackServing.AttributionWindow, time.GetUtcNow());
    }

    private readonly record struct TrafficRoute(int? Version, int? Shadow);
}

/// <summary>
/// A served list, the attribution limits of the version that produced it (defaults for a fallback list) and when it was
/// served; or a refusal (<see cref="Refused"/>), which is answered but neither recorded nor published.
/// </summary>
public sealed record Recommendation(RecommendationResult Result, int AttributionEvents, TimeSpan AttributionWindow, DateTimeOffset ServedAt)
{
    public bool Refused => Result.Refusal != InferenceRefusal.None;
}
