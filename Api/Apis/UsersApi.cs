using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Inference;

namespace Orleans.Rec.Api.Apis;

/// <summary>Shop-facing user endpoints: recommendations and profile.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/users/{userId}").WithTags("Users");
        group.MapGet("/recommendations", GetRecommendationsAsync)
            .WithSummary("The top k items for a user from the model's active version (popular items as fallback)")
            .Produces<RecommendationsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/profile", GetProfileAsync)
            .WithSummary("What the platform knows about a user")
            .ProducesValidationProblem();
        return app;
    }

    public const string TimeoutHeader = "X-Request-Timeout-Ms";

    internal static async Task<Results<JsonHttpResult<RecommendationsResponse>, ValidationProblem, ProblemHttpResult>> GetRecommendationsAsync(
        string userId,
        IClusterClient client,
        int? k,
        string? model,
        HttpRequest request,
        IOptions<ApiOptions> options,
        KnownModels models,
        TimeProvider time,
        [FromServices] ILocalRecommendations? local)
    {
        var errors = new Dictionary<string, string[]>();
        InputRules.CheckId(userId, "userId", errors);
        var count = k ?? 10;
        InputRules.CheckK(count, errors);
        var name = model ?? RecNames.DefaultModel;
        InputRules.CheckModelName(name, errors);

        var timeout = options.Value.RequestTimeout;
        if (request.Headers.TryGetValue(TimeoutHeader, out var header))
        {
            if (int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0)
            {
                timeout = TimeSpan.FromMilliseconds(Math.Min(ms, timeout.TotalMilliseconds));
            }
            else
            {
                errors[TimeoutHeader] = ["must be a positive number of milliseconds"];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await models.ContainsAsync(name))
        {
            return TypedResults.Problem($"model '{name}' is not known: it has never been activated", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var deadline = time.GetUtcNow() + timeout;
        RequestDeadline.Set(deadline);

        // In a silo (the API co-hosted), a profile active here is served without a grain call; otherwise the grain
        // (activated wherever the cluster places it) computes the list.
        var result = local is null ? null : await local.TryRecommendAsync(userId, count, name);
        if (result is null)
        {
            var profile = client.GetCachedGrain<IUserProfileGrain>(userId);
            result = await ClusterRetry.RunAsync(() => profile.GetRecommendationsAsync(count, name), deadline, time, request.HttpContext.RequestAborted);
        }

        if (result.Refusal != InferenceRefusal.None)
        {
            var (status, title, detail) = RefusalAnswers.Answer(result.Refusal, request.HttpContext.Response);
            return TypedResults.Problem(detail, statusCode: status, title: title);
        }

        // Written with the source-generated serializer's own options, so it takes its fast path (no metadata walk).
        return TypedResults.Json(new RecommendationsResponse(
            result.UserId,
            result.Model,
            result.Version,
            result.Fallback != FallbackReason.None,
            result.Fallback == FallbackReason.None ? null : result.Fallback,
            result.Items.Select(i => new RecommendedItem(i.ItemId, i.Score)).ToArray()), ServingJsonContext.Default.RecommendationsResponse);
    }

    internal static async Task<Results<Ok<ProfileResponse>, ValidationProblem>> GetProfileAsync(
        string userId,
        IClusterClient client,
        IOptions<ApiOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        InputRules.CheckId(userId, "userId", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var grain = client.GetCachedGrain<IUserProfileGrain>(userId);
        var p = await ClusterRetry.RunAsync(grain.GetProfileAsync, time.GetUtcNow() + options.Value.RequestTimeout, time, cancellationToken);
        return TypedResults.Ok(new ProfileResponse(p.UserId, p.EventCount, p.RecentViews, p.Cart, p.Purchases, p.TopCategories, p.LastEventAt));
    }
}
