using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Rec.Api.Contracts;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoint for a model's recent serving history (the <c>/ops</c> page draws it).</summary>
public static class ModelHistoryApi
{
    public const int MaxMinutes = 1440;


    public static IEndpointRouteBuilder MapModelHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/models/{model}").WithTags("Monitoring")
            .MapGet("/history", HistoryAsync)
            .WithSummary("Per version with traffic, one sample per sampling interval: throughput, latency percentiles, batch size, error and shed ratios, online accuracy")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Ok<ModelHistoryResponse>, ValidationProblem, ProblemHttpResult>> HistoryAsync(string model, IClusterClient client, int? minutes = null)
    {
        var errors = new Dictionary<string, string[]>();
        InputRules.CheckModelName(model, errors);

        var window = minutes ?? 60;
        if (window is < 1 or > MaxMinutes)
        {
            errors["minutes"] = [$"must be between 1 and {MaxMinutes}"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if ((await client.GetGrain<IModelRegistryGrain>(model).GetVersionsAsync()).Length == 0)
        {
            return TypedResults.Problem($"model '{model}' has no versions", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var history = await client.GetGrain<IModelHistoryGrain>(model).GetHistoryAsync(TimeSpan.FromMinutes(window));
        return TypedResults.Ok(ModelHistoryResponse.From(history));
    }
}
