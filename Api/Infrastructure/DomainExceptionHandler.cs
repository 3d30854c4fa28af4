using Microsoft.AspNetCore.Diagnostics;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>The one place where exceptions from the cluster become ProblemDetails with the right status.</summary>
internal sealed class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            ModelValidationException => (StatusCodes.Status400BadRequest, "Model refused"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            ModelNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            ModelStateConflictException => (StatusCodes.Status409Conflict, "Conflict"),
            ModelArtifactException => (StatusCodes.Status422UnprocessableEntity, "Artifact unusable"),
            TimeoutException => (StatusCodes.Status503ServiceUnavailable, "Cluster unavailable"),
            _ when ClusterRetry.IsClusterUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "Cluster unavailable"),
            _ when IsStorageUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "Storage unavailable"),
            _ => (StatusCodes.Status500InternalServerError, "Internal error"),
        };

        var detail = exception.Message;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            ApiLog.ClusterUnavailable(logger, httpContext.Request.Path, exception.Message);
            httpContext.Response.Headers.RetryAfter = "1";
            detail = title == "Storage unavailable"
                ? "The cluster's storage is not reachable right now; nothing was changed; retry shortly."
                : "The recommendation cluster is not reachable right now; retry shortly.";
        }
        else if (status == StatusCodes.Status500InternalServerError)
        {
            ApiLog.Unhandled(logger, exception, httpContext.Request.Path);
            detail = "An unexpected error occurred.";
        }

        httpContext.Response.StatusCode = status;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (exception is ModelArtifactException artifact)
        {
            context.ProblemDetails.Extensions["failure"] = artifact.Failure;
        }
        else if (exception is ModelValidationException { Errors: { } errors })
        {
            // The shape of a ValidationProblem: every problem by field, so a client reads them all from one answer.
            context.ProblemDetails.Extensions["errors"] = errors;
        }

        return await problems.TryWriteAsync(context);
    }

    /// <summary>
    /// Grain state could not be read or written (the storage account or Redis is down or unreachable): the grain's activation
    /// or write failed with the storage client's error, possibly wrapped by Orleans. A 4xx from storage other than a
    /// timeout or throttling is a defect, not an outage, and stays a 500.
    /// </summary>
    private static bool IsStorageUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Azure.RequestFailedException { Status: 0 or 408 or 429 or >= 500 } or System.Net.Sockets.SocketException or HttpRequestException
                or StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
