using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoints: upload, list, inspect and activate model versions.</summary>
public static class ModelsApi
{
    private const int MaxFieldBytes = 1024;
    private const int MaxReportBytes = 64 * 1024;

    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", ListModelsAsync)
            .WithTags("Models")
            .WithSummary("The models that have served (activated at least once), with their active version");
        var group = app.MapGroup("/v1/models/{model}").WithTags("Models");
        group.MapPost("/versions", UploadAsync)
            .WithSummary("Upload a version: multipart form with 'artifact' (ONNX file), 'config' (JSON from rec train), optional 'quantization' (none|fp16|int8), 'compression' (gzip|zstd), 'report' (compression-report.json from rec compress) and lineage: 'parent' (the version it was made from) with 'relation' (fine-tuned|quantized|pruned|distilled|compressed)")
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new BodySizeLimit(app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.MaxUploadBodyBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/versions", ListAsync).WithSummary("Every version of the model");
        group.MapGet("/versions/{version:int}", GetAsync).WithSummary("One version");
        group.MapGet("/versions/{version:int}/status", StatusAsync)
            .WithSummary("How the version runs on each silo: device (after any CUDA fallback), batching, batch sizes, shed and expired requests");
        group.MapPost("/versions/{version:int}/activate", ActivateAsync)
            .WithSummary("Load, warm and activate a version")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    internal static async Task<Results<Created<ModelVersionResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        string model,
        HttpRequest request,
        IClusterClient client,
        IOptions<ApiOptions> options,
        ILogger<StreamedUpload> logger,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        InputRules.CheckModelName(model, errors);
        var boundary = MultipartBoundary(request.ContentType);
        if (boundary is null)
        {
            errors["body"] = ["must be multipart/form-data with the parts 'artifact' and 'config'"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // The form is read part by part as it arrives: the artifact streams to its version grain in chunks and is
        // never buffered here (ReadFormAsync would spool it to a temp file, i.e. plaintext on disk).
        var upload = new StreamedUpload(client.GetGrain<IModelRegistryGrain>(model), client, model, options.Value);
        try
        {
            string? configText = null, quantizationText = null, compressionText = null, reportText = null, parentText = null, relationText = null;
            var reader = new MultipartReader(boundary!, request.Body);
            try
            {
                for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null; section = await reader.ReadNextSectionAsync(cancellationToken))
                {
                    var name = section.GetContentDispositionHeader()?.Name.Value?.Trim('"');
                    switch (name)
                    {
                        case "artifact" when upload.Version is null && !upload.Empty:
                            if (!await upload.ReceiveAsync(section, cancellationToken))
                            {
                                return TypedResults.Problem(
                                    string.Create(CultureInfo.InvariantCulture, $"artifact is larger than the limit of {options.Value.MaxArtifactBytes} bytes"),
                                    statusCode: StatusCodes.Status413PayloadTooLarge,
                                    title: "Artifact too large");
                            }

                            break;
                        case "artifact":
                            errors["artifact"] = ["must be sent once"];
                            await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                            break;
                        case "config":
                            configText = await ReadTextAsync(section.Body, ApiOptions.MaxConfigBytes, cancellationToken);
                            break;
                        case "quantization":
                            quantizationText = await ReadTextAsync(section.Body, MaxFieldBytes, cancellationToken);
                            break;
                        case "compression":
                            compressionText = await ReadTextAsync(section.Body, MaxFieldBytes, cancellationToken);
                            break;
                        case "report":
                            reportText = await ReadTextAsync(section.Body, MaxReportBytes, cancellationToken);
                            break;
                        case "parent":
                            parentText = await ReadTextAsync(section.Body, MaxFieldBytes, cancellationToken);
                            break;
                        case "relation":
                            relationText = await ReadTextAsync(section.Body, MaxFieldBytes, cancellationToken);
                            break;
                        default:
                            await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                            break;
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not a readable multipart form: {e.Message}"] });
            }

            if (upload.Version is null)
            {
                errors["artifact"] = ["is required: the ONNX model file"];
            }

            var config = ParseConfig(configText, errors);
            var quantization = ParseQuantization(quantizationText, errors);
            var compression = ParseCompression(compressionText, errors);
            var report = ParseReport(reportText, errors);
            var (parent, relation) = ParseLineage(parentText, relationText, errors);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            ApiLog.ArtifactReceived(logger, model, upload.Version!.Value, upload.Bytes, upload.Chunks);
            var info = await upload.CompleteAsync(new ModelUploadRequest { Config = config!, Quantization = quantization, Compression = compression, Report = report, Parent = parent, Relation = relation, CreatedBy = RecRoles.Caller(request.HttpContext) });
            var active = await upload.Registry.GetActiveVersionAsync();
            return TypedResults.Created(
                string.Create(CultureInfo.InvariantCulture, $"/v1/models/{model}/versions/{info.Version}"),
                ModelVersionResponse.From(info, active));
        }
        finally
        {
            await upload.AbortIfOpenAsync(logger);
        }
    }

    internal static async Task<Ok<ModelListResponse>> ListModelsAsync(IClusterClient client)
    {
        var names = await client.GetGrain<IModelCatalogGrain>(0).GetModelsAsync();
        var active = await Task.WhenAll(names.Select(n => client.GetGrain<IModelRegistryGrain>(n).GetActiveVersionAsync()));
        return TypedResults.Ok(new ModelListResponse(names.Select((n, i) => new ModelSummaryResponse(n, active[i])).ToArray()));
    }

    internal static async Task<Results<Ok<ModelVersionsResponse>, ProblemHttpResult, ValidationProblem>> ListAsync(string model, IClusterClient client)
    {
        if (InvalidModelName(model) is { } invalid)
        {
            return invalid;
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
        if (InvalidModelName(model) is { } invalid)
        {
            return invalid;
        }

        var registry = client.GetGrain<IModelRegistryGrain>(model);
        var info = await registry.GetVersionAsync(version);
        if (info is null)
        {
            return NotFound($"model '{model}' has no version {version}");
        }

        return TypedResults.Ok(ModelVersionResponse.From(info, await registry.GetActiveVersionAsync()));
    }

    internal static async Task<Results<Ok<ModelVersionResponse>, ValidationProblem>> ActivateAsync(string model, int version, IClusterClient client, HttpContext context)
    {
        if (InvalidModelName(model) is { } invalid)
        {
            return invalid;
        }

        var info = await client.GetGrain<IModelRegistryGrain>(model).ActivateAsync(version, RecRoles.Caller(context));
        return TypedResults.Ok(ModelVersionResponse.From(info, info.Version));
    }

    internal static async Task<Results<Ok<VersionStatusResponse>, ProblemHttpResult, ValidationProblem>> StatusAsync(string model, int version, IClusterClient client)
    {
        if (InvalidModelName(model) is { } invalid)
        {
            return invalid;
        }

        var registry = client.GetGrain<IModelRegistryGrain>(model);
        var info = await registry.GetVersionAsync(version);
        if (info is null)
        {
            return NotFound($"model '{model}' has no version {version}");
        }

        var statuses = await ClusterStatus.AllAsync(client, model);
        var active = await registry.GetActiveVersionAsync();
        return TypedResults.Ok(new VersionStatusResponse(
            model,
            version,
            info.State,
            active == version,
            statuses.Where(s => s.Version == version).Select(SiloVersionStatus.From).OrderBy(s => s.Silo, StringComparer.Ordinal).ToArray()));
    }

    private static string? MultipartBoundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !string.Equals(media.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) ? null : boundary;
    }

    private static async Task<string?> ReadTextAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvalidDataException($"a form field is longer than {limit} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    /// <summary>
    /// Reads config.json and checks it with <see cref="ModelConfigRules"/> (the rules of
    /// docs/schemas/model-config.schema.json): every problem is reported under <c>config.PATH</c> in one answer.
    /// </summary>
    private static ModelConfig? ParseConfig(string? configText, Dictionary<string, string[]> errors)
    {
        if (configText is null)
        {
            errors["config"] = ["is required: the config.json written by rec train or rec init-config"];
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(configText);
        }
        catch (JsonException e)
        {
            errors["config"] = [$"is not JSON: {e.Message}"];
            return null;
        }

        using (document)
        {
            var problems = ModelConfigRules.Check(document.RootElement);
            foreach (var group in problems.GroupBy(p => p.Path.Length == 0 ? "config" : "config." + p.Path, StringComparer.Ordinal))
            {
                errors[group.Key] = group.Select(p => p.Message).ToArray();
            }

            if (problems.Count > 0)
            {
                return null;
            }

            try
            {
                return document.RootElement.Deserialize<ModelConfig>(ConfigJson);
            }
            catch (JsonException e)
            {
                errors["config"] = [$"is not a valid model config: {e.Message}"];
                return null;
            }
        }
    }

    private static CompressionReport? ParseReport(string? text, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            var report = JsonSerializer.Deserialize<CompressionReport>(text, ConfigJson);
            if (report?.Teacher is null || report.Student is null)
            {
                errors["report"] = ["must be a JSON object with 'teacher' and 'student' figures (compression-report.json from rec compress)"];
                return null;
            }

            return report;
        }
        catch (JsonException e)
        {
            errors["report"] = [$"is not a valid compression report: {e.Message}"];
            return null;
        }
    }

    /// <summary>The lineage fields: <c>parent</c> (an earlier version of this model) and <c>relation</c>, given together or not at all.</summary>
    private static (int? Parent, string? Relation) ParseLineage(string? parentText, string? relationText, Dictionary<string, string[]> errors)
    {
        int? parent = null;
        if (parentText is not null)
        {
            if (int.TryParse(parentText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
            {
                parent = number;
            }
            else
            {
                errors["parent"] = ["must be a version number of this model (1, 2, …)"];
            }
        }

        var relation = relationText?.Trim().ToLowerInvariant();
        if (relation is not null && !LineageRelations.All.Contains(relation))
        {
            errors["relation"] = [$"must be one of {string.Join(", ", LineageRelations.All)}"];
        }
        else if (relation is not null && parentText is null)
        {
            errors["parent"] = ["is required with 'relation': the version it was made from"];
        }
        else if (relation is null && parentText is not null)
        {
            errors["relation"] = [$"is required with 'parent': one of {string.Join(", ", LineageRelations.All)}"];
        }

        return (parent, relation);
    }

    private static ArtifactQuantization ParseQuantization(string? text, Dictionary<string, string[]> errors)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "none":
                return ArtifactQuantization.None;
            case "fp16":
                return ArtifactQuantization.Fp16;
            case "int8":
                return ArtifactQuantization.Int8;
            default:
                errors["quantization"] = ["must be none, fp16 or int8"];
                return ArtifactQuantization.None;
        }
    }

    private static ArtifactCompression ParseCompression(string? text, Dictionary<string, string[]> errors)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "gzip":
                return ArtifactCompression.Gzip;
            case "zstd":
                return ArtifactCompression.Zstd;
            default:
                errors["compression"] = ["must be gzip or zstd"];
                return ArtifactCompression.Gzip;
        }
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ValidationProblem? InvalidModelName(string model)
    {
        var errors = new Dictionary<string, string[]>();
        InputRules.CheckModelName(model, errors);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }
}
