namespace Orleans.Rec.Api.Infrastructure;

/// <summary>A refusal written by middleware before any endpoint runs: the status and a ProblemDetails body.</summary>
internal static class ProblemResponses
{
    public static ValueTask WriteAsync(this IProblemDetailsService problems, HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
