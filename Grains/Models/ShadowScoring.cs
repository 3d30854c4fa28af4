using Microsoft.Extensions.Logging;
using Orleans.Rec.Inference;

namespace Orleans.Rec.Models;

/// <summary>
/// Scores a copy of a request with the shadow version, off the request path: the caller never awaits it and its
/// answer is dropped; it shows up in the shadow version's status (requests, batches, errors) for comparison.
/// </summary>
public static class ShadowScoring
{
    /// <summary>Starts the shadow request when the policy has a shadow other than the serving version; returns at once.</summary>
    public static void Start(IGrainFactory grains, TrafficPolicy policy, int? served, PredictionRequest request, ILogger logger)
    {
        if (policy.Shadow is not int shadow || shadow == served)
        {
            return;
        }

        _ = RunAsync(grains, request with { Version = shadow }, logger);
    }

    private static async Task RunAsync(IGrainFactory grains, PredictionRequest request, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IPredictorGrain>(0).PredictAsync(request);
        }
        catch (Exception e)
        {
            LifecycleLog.ShadowFailed(logger, request.Model, request.Version, e.Message);
        }
    }
}
