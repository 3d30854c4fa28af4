using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoint: why a model's serving changed — symptoms and probable causes, ranked, each with its evidence and action.</summary>
public static class ModelAnalysisApi
{
    public static IEndpointRouteBuilder MapModelAnalysisApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/models/{model}").WithTags("Monitoring")
            .MapGet("/analysis", AnalysisAsync)
            .WithSummary("What got worse over the last minutes and its probable causes, ranked by strength × timing, each with evidence and a suggested action")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Ok<ModelAnalysis>, ValidationProblem, ProblemHttpResult>> AnalysisAsync(string model, IClusterClient client, int? minutes = null)
    {
        var errors = new Dictionary<string, string[]>();
        InputRules.CheckModelName(model, errors);
        var window = minutes ?? 60;
        if (window is < 1 or > ModelHistoryApi.MaxMinutes)
        {
            errors["minutes"] = [$"must be between 1 and {ModelHistoryApi.MaxMinutes}"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if ((await client.GetGrain<IModelRegistryGrain>(model).GetVersionsAsync()).Length == 0)
        {
            return TypedResults.Problem($"model '{model}' has no versions", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        return TypedResults.Ok(await client.GetGrain<IModelAnalysisGrain>(model).AnalyzeAsync(TimeSpan.FromMinutes(window)));
    }
}
