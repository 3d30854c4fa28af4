using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoints for a version's serving config: current, update (applied without reload), history, revert.</summary>
public static class ModelConfigApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapModelConfigApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models/{model}/versions/{version:int}/config").WithTags("Models");
        group.MapGet("/", GetAsync).WithSummary("The version's serving config (batching, k limits, history length, device)");
        group.MapPut("/", PutAsync)
            .WithSummary("Change the serving config; running silos apply it without a reload")
            .Accepts<ServingConfig>("application/json")
            .ProducesValidationProblem();
        group.MapGet("/history", HistoryAsync).WithSummary("Every revision of the serving config, oldest first");
        group.MapPost("/revert", RevertAsync)
            .WithSummary("Restore the serving config of revision R (?revision=R) as a new revision; audited, applied without a reload")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/v1/models/{model}/config/revert", RevertActiveAsync)
            .WithTags("Models")
            .WithSummary("Restore the active version's serving config of revision R (?revision=R) as a new revision; audited, applied without a reload")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Ok<ConfigRevisionResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(string model, int version, IClusterClient client)
    {
        if (await FindAsync(client, model, version) is { } problem)
        {
            return problem;
        }

        var revision = await VersionGrain(client, model, version).GetConfigRevisionAsync();
        return TypedResults.Ok(ConfigRevisionResponse.From(model, version, revision));
    }

    internal static async Task<Results<Ok<ConfigRevisionResponse>, ProblemHttpResult, ValidationProblem>> PutAsync(
        string model, int version, HttpRequest request, IClusterClient client, CancellationToken cancellationToken)
    {
        ServingConfig? serving;
        try
        {
            serving = await JsonSerializer.DeserializeAsync<ServingConfig>(request.Body, Json, cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not a valid serving config: {e.Message}"] });
        }

        if (serving is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["must be a JSON object"] });
        }

        if (await FindAsync(client, model, version) is { } problem)
        {
            return problem;
        }

        var caller = RecRoles.Caller(request.HttpContext);
        var revision = await VersionGrain(client, model, version).UpdateConfigAsync(serving, caller);
        await client.GetGrain<IModelRegistryGrain>(model).RecordAuditAsync("config", version, caller, "revision " + revision.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Ok(ConfigRevisionResponse.From(model, version, revision));
    }

    internal static async Task<Results<Ok<ConfigRevisionResponse[]>, ProblemHttpResult, ValidationProblem>> HistoryAsync(string model, int version, IClusterClient client)
    {
        if (await FindAsync(client, model, version) is { } problem)
        {
            return problem;
        }

        var history = await VersionGrain(client, model, version).GetConfigHistoryAsync();
        return TypedResults.Ok(history.Select(r => ConfigRevisionResponse.From(model, version, r)).ToArray());
    }

    internal static async Task<Results<Ok<ConfigRevisionResponse>, ProblemHttpResult, ValidationProblem>> RevertAsync(
        string model, int version, int? revision, HttpContext context, IClusterClient client)
    {
        if (revision is not >= 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["revision"] = ["is required: the config revision to restore (1, 2, …)"] });
        }

        if (await FindAsync(client, model, version) is { } problem)
        {
            return problem;
        }

        var caller = RecRoles.Caller(context);
        var restored = await VersionGrain(client, model, version).RevertConfigAsync(revision.Value, caller);
        if (restored is null)
        {
            return TypedResults.Problem(
                string.Create(CultureInfo.InvariantCulture, $"model '{model}' version {version} has no config revision {revision}"),
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found");
        }

        await client.GetGrain<IModelRegistryGrain>(model).RecordAuditAsync(
            "config-revert", version, caller, string.Create(CultureInfo.InvariantCulture, $"revision {restored.Revision} restores revision {revision}"));
        return TypedResults.Ok(ConfigRevisionResponse.From(model, version, restored));
    }

    internal static async Task<Results<Ok<ConfigRevisionResponse>, ProblemHttpResult, ValidationProblem>> RevertActiveAsync(
        string model, int? revision, HttpContext context, IClusterClient client)
    {
        if (!ModelKeys.IsValidModelName(model))
        {
            return TypedResults.Problem($"'{model}' is not a valid model name", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        return await client.GetGrain<IModelRegistryGrain>(model).GetActiveVersionAsync() is int active
            ? await RevertAsync(model, active, revision, context, client)
            : TypedResults.Problem($"model '{model}' has no active version", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }

    private static async Task<ProblemHttpResult?> FindAsync(IClusterClient client, string model, int version)
    {
        if (!ModelKeys.IsValidModelName(model))
        {
            return TypedResults.Problem($"'{model}' is not a valid model name", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        return await client.GetGrain<IModelRegistryGrain>(model).GetVersionAsync(version) is null
            ? TypedResults.Problem($"model '{model}' has no version {version}", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : null;
    }

    private static IModelVersionGrain VersionGrain(IClusterClient client, string model, int version) =>
        client.GetGrain<IModelVersionGrain>(ModelKeys.VersionKey(model, version));
}
