using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoints for how a version does online: accuracy from closed attribution windows, latency and throughput.</summary>
public static class ModelMetricsApi
{

    public static IEndpointRouteBuilder MapModelMetricsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models/{model}").WithTags("Models");
        group.MapGet("/versions/{version:int}/metrics", VersionMetricsAsync)
            .WithSummary("Online precision@k, recall@k, F1 and hit-rate (overall and per event type), with latency and throughput")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/fallback/metrics", FallbackMetricsAsync).WithSummary("Online accuracy of the model's popularity fallback lists");
        return app;
    }

    internal static async Task<Results<Ok<VersionMetricsResponse>, ValidationProblem, ProblemHttpResult>> VersionMetricsAsync(string model, int version, IClusterClient client, TimeProvider time)
    {
        if (!ModelKeys.IsValidModelName(model))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = [InputRules.ModelNameRule] });
        }

        if (await client.GetGrain<IModelRegistryGrain>(model).GetVersionAsync(version) is null)
        {
            return TypedResults.Problem($"model '{model}' has no version {version}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var perSilo = await ClusterStatus.PerSiloAsync(client, model);
        var statuses = perSilo.SelectMany(s => s).Where(s => s.Version == version).ToArray();
        var history = await client.GetGrain<IModelHistoryGrain>(model).GetAvailabilityAsync(version);
        var accuracy = await ModelLifecycleApi.AccuracyAsync(client, model, version);
        var now = time.GetUtcNow();
        var perSecond = statuses.Sum(s => now > s.LoadedAt ? s.Requests / (now - s.LoadedAt).TotalSeconds : 0);
        return TypedResults.Ok(new VersionMetricsResponse(
            model,
            version.ToString(CultureInfo.InvariantCulture),
            accuracy,
            ModelLifecycleApi.Online(statuses, null),
            perSecond,
            AvailabilityResponse.From(statuses, perSilo.Length, history, now)));
    }

    internal static async Task<Results<Ok<VersionMetricsResponse>, ValidationProblem>> FallbackMetricsAsync(string model, IClusterClient client)
    {
        if (!ModelKeys.IsValidModelName(model))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = [InputRules.ModelNameRule] });
        }

        return TypedResults.Ok(new VersionMetricsResponse(model, ModelKeys.FallbackMonitor, await ModelLifecycleApi.AccuracyAsync(client, model, null), null, null));
    }
}
