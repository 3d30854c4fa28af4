using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Push;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoint for push mode (lists published to the recommendations topic as users act), for the operator page.</summary>
public static class PushApi
{
    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/push").WithTags("Push")
            .MapGet("/", StatusAsync)
            .WithSummary("Push mode on every active silo: models that push, lists published, debounced, failed, users waiting, latency p50/p99");
        return app;
    }

    internal static async Task<Ok<PushStatusResponse>> StatusAsync(IClusterClient client)
    {
        var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var statuses = await Task.WhenAll(silos.Keys.Select(silo => client.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).GetPushStatusAsync()));
        var buckets = new long[Inference.LatencyBuckets.Count];
        foreach (var status in statuses)
        {
            for (var i = 0; i < Math.Min(buckets.Length, status.LatencyBuckets.Length); i++)
            {
                buckets[i] += status.LatencyBuckets[i];
            }
        }

        var ordered = statuses.OrderBy(s => s.Silo, StringComparer.Ordinal).ToArray();
        return TypedResults.Ok(new PushStatusResponse(
            statuses.Length,
            statuses.SelectMany(s => s.Models).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            statuses.Sum(s => s.Published),
            statuses.Sum(s => s.Debounced),
            statuses.Sum(s => s.Failed),
            statuses.Sum(s => s.Pending),
            statuses.Sum(s => s.MaxPending),
            PushStatus.Percentile(buckets, 0.50),
            PushStatus.Percentile(buckets, 0.99),
            ordered.Select(s => new PushSiloResponse(s.Silo, s.Models, s.Published, s.Debounced, s.Failed, s.Pending)).ToArray()));
    }
}
