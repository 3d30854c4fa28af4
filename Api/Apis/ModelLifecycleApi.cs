using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoints that change what serves: rollback, traffic split and shadow, retirement; and what happened: compare, audit.</summary>
public static class ModelLifecycleApi
{
    public static IEndpointRouteBuilder MapModelLifecycleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models/{model}").WithTags("Models");
        group.MapPost("/rollback", RollbackAsync)
            .WithSummary("Return to the previously active version (repeat to walk further back); ends any split")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/traffic", GetTrafficAsync).WithSummary("Who is served by which version, and the shadow");
        group.MapPut("/traffic", PutTrafficAsync)
            .WithSummary("Replace the traffic policy: {\"splits\":{\"3\":90,\"4\":10}} (percent of users, sticky per user) and/or {\"shadow\":\"5\"}")
            .Accepts<JsonElement>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/versions/{version:int}", RetireAsync)
            .WithSummary("Retire a version (refused while it takes traffic)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/compare", CompareAsync).WithSummary("Two versions side by side (a and b; with one of them only, that version and its parent): manifests, offline metrics from training, online metrics");
        group.MapGet("/audit", AuditAsync).WithSummary("Every upload, activation, rollback, traffic change, config change and retirement, with who and when");
        return app;
    }

    internal static async Task<Results<Ok<ModelVersionResponse>, ValidationProblem>> RollbackAsync(string model, IClusterClient client, HttpContext context)
    {
        if (InvalidModel(model) is { } invalid)
        {
            return invalid;
        }

        var info = await client.GetGrain<IModelRegistryGrain>(model).RollbackAsync(RecRoles.Caller(context));
        return TypedResults.Ok(ModelVersionResponse.From(info, info.Version));
    }

    internal static async Task<Results<Ok<TrafficResponse>, ValidationProblem>> GetTrafficAsync(string model, IClusterClient client)
    {
        if (InvalidModel(model) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(ToResponse(model, await client.GetGrain<IModelRegistryGrain>(model).GetTrafficAsync()));
    }

    internal static async Task<Results<Ok<TrafficResponse>, ValidationProblem>> PutTrafficAsync(string model, HttpRequest request, IClusterClient client, CancellationToken cancellationToken)
    {
        if (InvalidModel(model) is { } invalid)
        {
            return invalid;
        }

        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not valid JSON: {e.Message}"] });
        }

        var errors = new Dictionary<string, string[]>();
        var (splits, shadow) = ParseTraffic(body, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var policy = await client.GetGrain<IModelRegistryGrain>(model).SetTrafficAsync(splits, shadow, RecRoles.Caller(request.HttpContext));
        return TypedResults.Ok(ToResponse(model, policy));
    }

    internal static async Task<Results<Ok<ModelVersionResponse>, ValidationProblem>> RetireAsync(string model, int version, IClusterClient client, HttpContext context)
    {
        if (InvalidModel(model) is { } invalid)
        {
            return invalid;
        }

        var registry = client.GetGrain<IModelRegistryGrain>(model);
        var info = await registry.RetireAsync(version, RecRoles.Caller(context));
        return TypedResults.Ok(ModelVersionResponse.From(info, await registry.GetActiveVersionAsync()));
    }

    internal static async Task<Results<Ok<CompareResponse>, ValidationProblem, ProblemHttpResult>> CompareAsync(string model, int? a, int? b, IClusterClient client)
    {
        var errors = new Dictionary<string, string[]>();
        InputRules.CheckModelName(model, errors);

        if (a is null && b is null)
        {
            errors["b"] = ["is required: a version number (compared with a, or with its parent when a is not given)"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // One version named: it is compared with its parent (a = parent, b = the version, so delta = version − parent).
        var registry = client.GetGrain<IModelRegistryGrain>(model);
        var named = (b ?? a)!.Value;
        var infoB = await registry.GetVersionAsync(named);
        if (infoB is null)
        {
            return TypedResults.Problem($"model '{model}' has no version {named}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (a is null || b is null)
        {
            if (infoB.Parent is not int parent)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    [b is null ? "b" : "a"] = [$"is required: version {named} records no parent to compare it with"],
                });
            }

            (a, b) = (parent, named);
        }

        var infoA = await registry.GetVersionAsync(a.Value);
        if (infoA is null)
        {
            return TypedResults.Problem($"model '{model}' has no version {a.Value}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var active = await registry.GetActiveVersionAsync();
        var statuses = await ClusterStatus.AllAsync(client, model);
        var onlineA = Online(statuses.Where(s => s.Version == a.Value), await AccuracyAsync(client, model, a.Value));
        var onlineB = Online(statuses.Where(s => s.Version == b.Value), await AccuracyAsync(client, model, b.Value));

        var metricsA = infoA.Training?.Metrics ?? [];
        var metricsB = infoB.Training?.Metrics ?? [];
        var offline = metricsA.Keys.Union(metricsB.Keys).Order(StringComparer.Ordinal)
            .Select(name => Compare(name, metricsA.TryGetValue(name, out var x) ? x : null, metricsB.TryGetValue(name, out var y) ? y : null))
            .ToArray();
        MetricComparison[] online =
        [
            Compare("requests", onlineA.Requests, onlineB.Requests),
            Compare("errorRate", onlineA.ErrorRate, onlineB.ErrorRate),
            Compare("meanBatchMilliseconds", onlineA.MeanBatchMilliseconds, onlineB.MeanBatchMilliseconds),
            Compare("p50Ms", onlineA.P50Ms, onlineB.P50Ms),
            Compare("p95Ms", onlineA.P95Ms, onlineB.P95Ms),
            Compare("p99Ms", onlineA.P99Ms, onlineB.P99Ms),
            Compare("errorRatio", onlineA.ErrorRatio, onlineB.ErrorRatio),
            Compare("shedRatio", onlineA.ShedRatio, onlineB.ShedRatio),
            Compare("precisionAtK", onlineA.Accuracy?.Overall.PrecisionAtK, onlineB.Accuracy?.Overall.PrecisionAtK),
            Compare("recallAtK", onlineA.Accuracy?.Overall.RecallAtK, onlineB.Accuracy?.Overall.RecallAtK),
            Compare("f1", onlineA.Accuracy?.Overall.F1, onlineB.Accuracy?.Overall.F1),
            Compare("hitRate", onlineA.Accuracy?.Overall.HitRate, onlineB.Accuracy?.Overall.HitRate),
        ];
        return TypedResults.Ok(new CompareResponse(
            model,
            new ComparedVersion(ModelVersionResponse.From(infoA, active), onlineA),
            new ComparedVersion(ModelVersionResponse.From(infoB, active), onlineB),
            offline,
            online,
            CompareCompression(infoA, infoB)));
    }

    internal static async Task<Results<Ok<AuditResponse>, ValidationProblem>> AuditAsync(string model, IClusterClient client)
    {
        if (InvalidModel(model) is { } invalid)
        {
            return invalid;
        }

        var entries = await client.GetGrain<IModelRegistryGrain>(model).GetAuditAsync();
        return TypedResults.Ok(new AuditResponse(model, entries.Select(e => new AuditEntryResponse(e.Sequence, e.At, e.Actor, e.Action, e.Version, e.Detail)).ToArray()));
    }

    /// <summary>Reads <c>{"splits":{"3":90,"4":10},"shadow":"5"}</c>; both parts optional (absent: no split, no shadow).</summary>
    internal static (TrafficSplit[] Splits, int? Shadow) ParseTraffic(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object like {\"splits\":{\"3\":90,\"4\":10},\"shadow\":\"5\"}"];
            return ([], null);
        }

        var splits = new List<TrafficSplit>();
        var splitErrors = new List<string>();
        if (body.TryGetProperty("splits", out var splitsElement) && splitsElement.ValueKind != JsonValueKind.Null)
        {
            if (splitsElement.ValueKind != JsonValueKind.Object)
            {
                splitErrors.Add("must be an object of version → percent, e.g. {\"3\":90,\"4\":10}");
            }
            else
            {
                foreach (var property in splitsElement.EnumerateObject())
                {
                    if (!int.TryParse(JsonText.NameOf(property), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
                    {
                        splitErrors.Add(JsonText.NameOf(property) is { Length: <= 32 } name ? $"'{name}' is not a version number" : "a key is not a version number");
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var percent))
                    {
                        splitErrors.Add($"the percent of version {version} must be a whole number");
                    }
                    else
                    {
                        splits.Add(new TrafficSplit(version, percent));
                    }
                }
            }
        }

        if (splitErrors.Count > 0)
        {
            errors["splits"] = [.. splitErrors];
        }

        int? shadow = null;
        if (body.TryGetProperty("shadow", out var shadowElement) && shadowElement.ValueKind != JsonValueKind.Null)
        {
            var text = shadowElement.ValueKind switch
            {
                JsonValueKind.String => JsonText.Of(shadowElement),
                JsonValueKind.Number => shadowElement.GetRawText(),
                _ => null,
            };
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s >= 1)
            {
                shadow = s;
            }
            else
            {
                errors["shadow"] = ["must be a version number, e.g. \"5\""];
            }
        }

        return ([.. splits], shadow);
    }

    private static TrafficResponse ToResponse(string model, TrafficPolicy policy) => new(
        model,
        policy.Active,
        policy.Splits.ToDictionary(s => s.Version.ToString(CultureInfo.InvariantCulture), s => s.Percent, StringComparer.Ordinal),
        policy.Shadow?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Every active silo's status of the model's loaded versions.</summary>
    /// <summary>A version's online accuracy (null version: the model's fallback lists).</summary>
    internal static async Task<OnlineAccuracyResponse> AccuracyAsync(IClusterClient client, string model, int? version) =>
        OnlineAccuracyResponse.From(await client.GetGrain<IModelMonitorGrain>(ModelKeys.MonitorKey(model, version)).GetAccuracyAsync());

    internal static OnlineMetrics Online(IEnumerable<LoadedVersionStatus> silos, OnlineAccuracyResponse? accuracy)
    {
        var list = silos.ToList();
        var requests = list.Sum(s => s.Requests);
        var batches = list.Sum(s => s.Batches);
        var shed = list.Sum(s => s.Shed);
        var expired = list.Sum(s => s.Expired);
        var failed = list.Sum(s => s.Failed);
        var attempts = requests + shed + expired;
        // As the history counts them: the warm-up run is no attempt.
        var allAttempts = requests - list.Sum(s => s.WarmUpRequests) + shed + expired + failed;
        var buckets = LatencyPercentiles.Sum(list.Select(s => s.LatencyBuckets));
        return new OnlineMetrics(
            list.Count,
            requests,
            batches,
            shed,
            expired,
            attempts == 0 ? 0 : (double)(shed + expired) / attempts,
            batches == 0 ? 0 : list.Sum(s => s.RunMilliseconds) / batches,
            accuracy,
            failed,
            LatencyPercentiles.Of(buckets, 0.50),
            LatencyPercentiles.Of(buckets, 0.95),
            LatencyPercentiles.Of(buckets, 0.99),
            allAttempts == 0 ? 0 : (double)(expired + failed) / allAttempts,
            allAttempts == 0 ? 0 : (double)shed / allAttempts);
    }

    /// <summary>Rows of figures from the compression reports (see <see cref="CompareResponse.Compression"/>); empty when neither version has one.</summary>
    internal static MetricComparison[] CompareCompression(ModelVersionInfo a, ModelVersionInfo b)
    {
        if (a.Compression is null && b.Compression is null)
        {
            return [];
        }

        var figuresA = FiguresOf(a, b);
        var figuresB = FiguresOf(b, a);
        return
        [
            Compare("items", figuresA?.Items, figuresB?.Items),
            Compare("dimensions", figuresA?.Dimensions, figuresB?.Dimensions),
            Compare("onnxBytes", figuresA?.OnnxBytes, figuresB?.OnnxBytes),
            Compare("storedBytes", figuresA?.StoredBytes, figuresB?.StoredBytes),
            Compare("predictionsPerSecond", figuresA?.PredictionsPerSecond, figuresB?.PredictionsPerSecond),
            Compare("HR@10", figuresA?.HitRate10, figuresB?.HitRate10),
            Compare("NDCG@10", figuresA?.Ndcg10, figuresB?.Ndcg10),
            Compare("agreementWithTeacher", a.Compression?.Agreement, b.Compression?.Agreement),
        ];
    }

    // A version's own figures: from its report, or from the other's report when it was that report's teacher.
    private static CompressedModelFigures? FiguresOf(ModelVersionInfo version, ModelVersionInfo other)
    {
        if (version.Compression is { } own)
        {
            return own.Student;
        }

        return other.Compression is { } report && string.Equals(report.Teacher.OnnxSha256, version.ArtifactSha256, StringComparison.OrdinalIgnoreCase)
            ? report.Teacher
            : null;
    }

    private static MetricComparison Compare(string name, double? a, double? b) =>
        new(name, a, b, a is double x && b is double y ? y - x : null);

    private static ValidationProblem? InvalidModel(string model) =>
        ModelKeys.IsValidModelName(model) ? null : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = [InputRules.ModelNameRule] });
}
