using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans.Rec.Api.Apis;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Inference;

namespace Orleans.Rec.Tests.Api;

/// <summary>A recommendation the inference service refused is answered as what it is: 503 with Retry-After when shed, 504 when its deadline passed.</summary>
public sealed class RefusalAnswersTests
{
    [Theory]
    [InlineData(InferenceRefusal.Overloaded, StatusCodes.Status503ServiceUnavailable, "Overloaded", "the inference queue is full; retry shortly", "1")]
    [InlineData(InferenceRefusal.DeadlineExceeded, StatusCodes.Status504GatewayTimeout, "Deadline exceeded", "the request's deadline passed before inference", "")]
    public async Task Recommendations_WhenRefused_AnswerProblemDetails(InferenceRefusal refusal, int status, string title, string detail, string retryAfter)
    {
        var http = new DefaultHttpContext();

        // The model is the default one (known without asking the cluster) and the silo answers in process, so the
        // cluster client is never used.
        var answer = await UsersApi.GetRecommendationsAsync(
            "u1", null!, 3, null, http.Request, Options.Create(new ApiOptions()), new KnownModels(null!), TimeProvider.System, new Refusing(refusal));

        var problem = Assert.IsType<ProblemHttpResult>(answer.Result);
        Assert.Equal((status, title, detail), (problem.StatusCode, problem.ProblemDetails.Title, problem.ProblemDetails.Detail));
        Assert.Equal(retryAfter, http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public void Answer_OfNoRefusal_IsADefect() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RefusalAnswers.Answer(InferenceRefusal.None, new DefaultHttpContext().Response));

    private sealed class Refusing(InferenceRefusal refusal) : ILocalRecommendations
    {
        public ValueTask<RecommendationResult?> TryRecommendAsync(string userId, int k, string model) =>
            ValueTask.FromResult<RecommendationResult?>(new RecommendationResult { UserId = userId, Model = model, Version = 1, Refusal = refusal });
    }
}
