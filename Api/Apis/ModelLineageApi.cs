using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoint for a version's lineage: what it was made from, back to the root.</summary>
public static class ModelLineageApi
{
    public static IEndpointRouteBuilder MapModelLineageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models/{model}/versions/{version:int}/lineage", GetAsync)
            .WithTags("Models")
            .WithSummary("The version, its parent (fine-tuned, quantized, pruned, distilled or compressed from), the parent's parent… to the root, each with its training data")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        return app;
    }

    internal static async Task<Results<Ok<LineageResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(string model, int version, IClusterClient client)
    {
        var errors = new Dictionary<string, string[]>();
        InputRules.CheckModelName(model, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var versions = await client.GetGrain<IModelRegistryGrain>(model).GetVersionsAsync();
        var chain = LineageWalk.Walk(version, versions.ToDictionary(v => v.Version));
        if (chain.Count == 0)
        {
            return TypedResults.Problem($"model '{model}' has no version {version}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        return TypedResults.Ok(new LineageResponse(model, version, chain[^1].Version, chain.Select(LineageStep.From).ToArray()));
    }
}
