using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoints: upload, list, inspect and activate model versions.</summary>
public static class ModelsApi
{
    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models/{model}").WithTags("Models");
        group.MapPost("/versions", UploadAsync)
            .WithSummary("Upload a version: multipart form with 'artifact' (ONNX file) and 'config' (JSON from rec train)")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/versions", ListAsync).WithSummary("Every version of the model");
        group.MapGet("/versions/{version:int}", GetAsync).WithSummary("One version");
        group.MapGet("/versions/{version:int}/status", StatusAsync)
            .WithSummary("How the version runs on each silo: device (after any CUDA fallback), batching, batch sizes, shed and expired requests");
        group.MapPost("/versions/{version:int}/activate", ActivateAsync)
            .WithSummary("Load, warm and activate a version")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<Created<ModelVersionResponse>, ValidationProblem>> UploadAsync(
        string model,
        HttpRequest request,
        IClusterClient client,
        IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        CheckModelName(model, errors);
        if (!request.HasFormContentType)
        {
            errors["body"] = ["must be multipart/form-data with the parts 'artifact' and 'config'"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not a readable multipart form: {e.Message}"] });
        }

        var artifactFile = form.Files.GetFile("artifact");
        if (artifactFile is null || artifactFile.Length == 0)
        {
            errors["artifact"] = ["is required: the ONNX model file"];
        }
        else if (artifactFile.Length > options.Value.MaxArtifactBytes)
        {
            errors["artifact"] = [$"is {artifactFile.Length} bytes; the limit is {options.Value.MaxArtifactBytes}"];
        }

        var configText = await ReadConfigTextAsync(form, cancellationToken);
        ModelConfig? config = null;
        if (configText is null)
        {
            errors["config"] = ["is required: the config.json written by rec train"];
        }
        else
        {
            try
            {
                config = JsonSerializer.Deserialize<ModelConfig>(configText, ConfigJson);
                if (config is null)
                {
                    errors["config"] = ["must be a JSON object"];
                }
            }
            catch (JsonException e)
            {
                errors["config"] = [$"is not a valid model config: {e.Message}"];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        byte[] artifact;
        await using (var stream = artifactFile!.OpenReadStream())
        {
            artifact = new byte[artifactFile.Length];
            await stream.ReadExactlyAsync(artifact, cancellationToken);
        }

        var registry = client.GetGrain<IModelRegistryGrain>(model);
        var info = await registry.RegisterVersionAsync(new ModelUpload { Artifact = artifact, Config = config!, CreatedBy = "api" });
        var active = await registry.GetActiveVersionAsync();
        return TypedResults.Created(
            string.Create(CultureInfo.InvariantCulture, $"/v1/models/{model}/versions/{info.Version}"),
            ModelVersionResponse.From(info, active));
    }

    internal static async Task<Results<Ok<ModelVersionsResponse>, ProblemHttpResult, ValidationProblem>> ListAsync(string model, IClusterClient client)
    {
        var errors = new Dictionary<string, string[]>();
        CheckModelName(model, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var registry = client.GetGrain<IModelRegistryGrain>(model);
        var versions = await registry.GetVersionsAsync();
        if (versions.Length == 0)
        {
            return NotFound($"model '{model}' has no versions");
        }

        var active = await registry.GetActiveVersionAsync();
        return TypedResults.Ok(new ModelVersionsResponse(model, active, versions.Select(v => ModelVersionResponse.From(v, active)).ToArray()));
    }

    internal static async Task<Results<Ok<ModelVersionResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(string model, int version, IClusterClient client)
    {
        var errors = new Dictionary<string, string[]>();
        CheckModelName(model, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var registry = client.GetGrain<IModelRegistryGrain>(model);
        var info = await registry.GetVersionAsync(version);
        if (info is null)
        {
            return NotFound($"model '{model}' has no version {version}");
        }

        return TypedResults.Ok(ModelVersionResponse.From(info, await registry.GetActiveVersionAsync()));
    }

    internal static async Task<Results<Ok<ModelVersionResponse>, ValidationProblem>> ActivateAsync(string model, int version, IClusterClient client)
    {
        var errors = new Dictionary<string, string[]>();
        CheckModelName(model, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var info = await client.GetGrain<IModelRegistryGrain>(model).ActivateAsync(version, "api");
        return TypedResults.Ok(ModelVersionResponse.From(info, info.Version));
    }

    internal static async Task<Results<Ok<VersionStatusResponse>, ProblemHttpResult, ValidationProblem>> StatusAsync(string model, int version, IClusterClient client)
    {
        var errors = new Dictionary<string, string[]>();
        CheckModelName(model, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var registry = client.GetGrain<IModelRegistryGrain>(model);
        var info = await registry.GetVersionAsync(version);
        if (info is null)
        {
            return NotFound($"model '{model}' has no version {version}");
        }

        var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var statuses = await Task.WhenAll(silos.Keys.Select(silo => client.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).GetStatusAsync(model)));
        var active = await registry.GetActiveVersionAsync();
        return TypedResults.Ok(new VersionStatusResponse(
            model,
            version,
            info.State,
            active == version,
            statuses.SelectMany(s => s).Where(s => s.Version == version).Select(SiloVersionStatus.From).OrderBy(s => s.Silo, StringComparer.Ordinal).ToArray()));
    }

    private static async Task<string?> ReadConfigTextAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var file = form.Files.GetFile("config");
        if (file is not null)
        {
            using var reader = new StreamReader(file.OpenReadStream());
            return await reader.ReadToEndAsync(cancellationToken);
        }

        var field = form["config"];
        return field.Count > 0 && !string.IsNullOrWhiteSpace(field[0]) ? field[0] : null;
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static void CheckModelName(string model, Dictionary<string, string[]> errors)
    {
        if (!ModelKeys.IsValidModelName(model))
        {
            errors["model"] = ["must be 1-64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit"];
        }
    }
}
