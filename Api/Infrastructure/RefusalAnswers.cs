using System.Globalization;
using Orleans.Rec.Inference;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// How both APIs answer a request the inference service refused: one status, title and message per
/// <see cref="InferenceRefusal"/>, and <c>Retry-After</c> on a shed request.
/// </summary>
internal static class RefusalAnswers
{
    /// <summary>Seconds a shed client is asked to wait before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The answer's status, title and message; sets <c>Retry-After</c> on <paramref name="response"/> for a shed request.</summary>
    public static (int Status, string Title, string Detail) Answer(InferenceRefusal refusal, HttpResponse response)
    {
        if (refusal == InferenceRefusal.Overloaded)
        {
            response.Headers.RetryAfter = RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            return (StatusCodes.Status503ServiceUnavailable, "Overloaded", "the inference queue is full; retry shortly");
        }

        return refusal == InferenceRefusal.DeadlineExceeded
            ? (StatusCodes.Status504GatewayTimeout, "Deadline exceeded", "the request's deadline passed before inference")
            : throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "not a refusal");
    }
}
