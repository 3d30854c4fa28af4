using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Rec.Api.Contracts.Oip;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Apis;

/// <summary>
/// The Open Inference Protocol (KServe v2 REST): health, server and model metadata, readiness and raw-tensor
/// inference. A request's history rows (model item indices, 0 = padding) go through the same dynamic batcher as
/// user recommendations; the answer is the model's outputs (scores and item indices, top k per row).
/// </summary>
public static class InferenceProtocolApi
{
    public const string Platform = "onnxruntime_onnx";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapInferenceProtocolApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2").WithTags("Open Inference Protocol");
        group.MapGet("/health/live", () => Ok(new { live = true })).AllowAnonymous().WithSummary("Server liveness");
        group.MapGet("/health/ready", ReadyAsync).AllowAnonymous().WithSummary("Server readiness: the cluster has an active silo");
        group.MapGet("/", () => Ok(new OipServerMetadata("orleans-rec", ServerVersion(), []))).WithSummary("Server metadata");
        group.MapGet("/models/{model}", (string model, IClusterClient client) => MetadataAsync(model, null, client)).WithSummary("Model metadata (active version)");
        group.MapGet("/models/{model}/versions/{version}", MetadataAsync).WithSummary("Model version metadata");
        group.MapGet("/models/{model}/ready", (string model, IClusterClient client) => ModelReadyAsync(model, null, client)).WithSummary("Model readiness (active version)");
        group.MapGet("/models/{model}/versions/{version}/ready", ModelReadyAsync).WithSummary("Model version readiness");
        var inferBody = new BodySizeLimit(app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.MaxInferBodyBytes);
        group.MapPost("/models/{model}/infer", (string model, HttpRequest request, IClusterClient client, InferenceSilos silos, IOptions<ApiOptions> options, RequestJson json, TimeProvider time) => InferAsync(model, null, request, client, silos, options, json, time))
            .Accepts<OipInferRequest>("application/json").WithMetadata(inferBody).WithSummary("Inference with raw tensors (active version)");
        group.MapPost("/models/{model}/versions/{version}/infer", InferAsync)
            .Accepts<OipInferRequest>("application/json").WithMetadata(inferBody).WithSummary("Inference with raw tensors");
        return app;
    }

    internal static async Task<IResult> ReadyAsync(IClusterClient client, IOptions<ApiOptions> options)
    {
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(options.Value.ReadinessTimeout);
            return hosts.Count > 0 ? Ok(new { ready = true }) : Error(StatusCodes.Status503ServiceUnavailable, "the cluster has no active silo");
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "the cluster is not reachable");
        }
    }

    internal static async Task<IResult> MetadataAsync(string model, string? version, IClusterClient client)
    {
        var (info, error) = await ResolveAsync(model, version, client);
        if (error is not null)
        {
            return error;
        }

        // The versions a caller may ask for explicitly: every one that can serve.
        var servable = (await client.GetGrain<IModelRegistryGrain>(model).GetVersionsAsync())
            .Where(v => v.State is ModelVersionState.Active or ModelVersionState.Staged or ModelVersionState.Validated)
            .Select(v => v.Version.ToString(CultureInfo.InvariantCulture))
            .ToArray();
        var signature = info!.Signature;
        return Ok(new OipModelMetadata(
            model,
            servable,
            Platform,
            signature?.Inputs.Select(Describe).ToArray() ?? [],
            signature is null ? [] : OipInferRequestReader.Outputs(signature).Select(o => new OipTensorMetadata(o.Name, o.Datatype, [-1, -1])).ToArray()));
    }

    internal static async Task<IResult> ModelReadyAsync(string model, string? version, IClusterClient client)
    {
        var (info, error) = await ResolveAsync(model, version, client);
        if (error is not null)
        {
            return error;
        }

        var ready = info!.State is ModelVersionState.Active or ModelVersionState.Staged or ModelVersionState.Validated;
        if (ready)
        {
            var loaded = await ClusterStatus.PerSiloAsync(client, model);
            ready = loaded.All(l => l.Any(v => v.Version == info.Version));
        }

        return ready
            ? Ok(new OipModelReady(model, true))
            : TypedResults.Json(new OipModelReady(model, false), Json, statusCode: StatusCodes.Status400BadRequest);
    }

    internal static async Task<IResult> InferAsync(string model, string? version, HttpRequest request, IClusterClient client, InferenceSilos silos, IOptions<ApiOptions> options, RequestJson json, TimeProvider time)
    {
        OipInferRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<OipInferRequest>(request.Body, json.Serializer, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"the request is not valid JSON: {e.Message}");
        }

        if (body is not null && OipInferRequestReader.OverlongText(body) is { } field)
        {
            return Error(StatusCodes.Status400BadRequest, $"{field} {InputRules.IdRule}");
        }

        var (info, error) = await ResolveAsync(model, version, client);
        if (error is not null)
        {
            return error;
        }

        if (info!.Signature is not { } signature)
        {
            return Error(StatusCodes.Status400BadRequest, $"model '{model}' version {info.Version} has no signature");
        }

        if (!OipInferRequestReader.TryRead(body, signature, out var read, out var invalid))
        {
            return Error(StatusCodes.Status400BadRequest, invalid);
        }

        var (rows, k) = (read.Rows, read.K);
        var versionGrain = client.GetGrain<IModelVersionGrain>(ModelKeys.VersionKey(model, info.Version));
        var limits = (await versionGrain.GetConfigRevisionAsync()).Serving.TopK;
        if (k == 0)
        {
            k = limits.Default;
        }

        if (k > limits.Max)
        {
            return Error(StatusCodes.Status400BadRequest, $"k {k} is above the model's maximum {limits.Max}");
        }

        if (!rows.All(r => InputRules.AreItemIndices(r, info.ItemCount)))
        {
            return Error(StatusCodes.Status400BadRequest, InputRules.ItemIndexRule(info.ItemCount));
        }

        RequestDeadline.Set(time.GetUtcNow() + options.Value.RequestTimeout);
        var ranked = await (await silos.NextAsync()).RankAsync(model, info.Version, rows, k);

        if (ranked.FirstOrDefault(r => r.Refusal != InferenceRefusal.None) is { } refused)
        {
            var (status, _, detail) = RefusalAnswers.Answer(refused.Refusal, request.HttpContext.Response);
            return Error(status, detail);
        }

        var width = ranked.Length == 0 ? 0 : ranked.Min(r => r.Items.Length);
        long[] shapeOut = [ranked.Length, width];
        var result = new List<OipOutputTensor>();
        var outputs = OipInferRequestReader.Outputs(signature);
        foreach (var name in read.Outputs)
        {
            var output = outputs.First(o => o.Name == name);
            result.Add(output.Scores
                ? new OipOutputTensor(name, shapeOut, "FP32", ranked.SelectMany(r => r.Scores.Take(width)).ToArray())
                : new OipOutputTensor(name, shapeOut, "INT64", ranked.SelectMany(r => r.Items.Take(width)).ToArray()));
        }

        return Ok(new OipInferResponse(model, info.Version.ToString(CultureInfo.InvariantCulture), read.Id, result));
    }

    /// <summary>The version asked for, or the active one; or the error to answer.</summary>
    private static async Task<(ModelVersionInfo? Info, IResult? Error)> ResolveAsync(string model, string? version, IClusterClient client)
    {
        if (!ModelKeys.IsValidModelName(model))
        {
            return (null, Error(StatusCodes.Status400BadRequest, $"'{model}' is not a valid model name"));
        }

        var registry = client.GetGrain<IModelRegistryGrain>(model);
        int number;
        if (version is null)
        {
            if (await registry.GetActiveVersionAsync() is not int active)
            {
                return (null, Error(StatusCodes.Status404NotFound, $"model '{model}' has no active version"));
            }

            number = active;
        }
        else if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return (null, Error(StatusCodes.Status404NotFound, $"model '{model}' has no version '{version}'"));
        }

        var info = await registry.GetVersionAsync(number);
        return info is null ? (null, Error(StatusCodes.Status404NotFound, $"model '{model}' has no version {number}")) : (info, null);
    }

    private static OipTensorMetadata Describe(TensorSpec spec) => new(spec.Name, DataType(spec.DataType), spec.Dims);

    private static string DataType(string type) => type switch
    {
        "int64" => "INT64",
        "int32" => "INT32",
        "float32" => "FP32",
        _ => type.ToUpperInvariant(),
    };

    private static string ServerVersion() =>
        typeof(InferenceProtocolApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    private static IResult Ok<T>(T value) => TypedResults.Json(value, Json);

    private static IResult Error(int status, string message) => TypedResults.Json(new OipError(message), Json, statusCode: status);
}
