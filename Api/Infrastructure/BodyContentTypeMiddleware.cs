using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// A body sent to a route that declares what it accepts (<see cref="IAcceptsMetadata"/>: JSON, or multipart for an
/// upload) must say it is of that type: anything else is refused with a 415 ProblemDetails before any of it is read,
/// naming what the route takes. A JSON route also takes any <c>+json</c> type. Requests without a body pass.
/// It runs before credentials are checked, so that the answer is the request's shape, for every caller: routing
/// itself answers a content type the route does not list, or a method it does not map, with an endpoint of its own
/// (415, 405) that carries no metadata; this runs it here, where authorization would otherwise refuse it (401/403)
/// as an endpoint without a policy.
/// </summary>
internal sealed class BodyContentTypeMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is { Metadata.Count: 0, RequestDelegate: { } rejection })
        {
            await rejection(context);
            return;
        }

        var accepts = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes;
        if (accepts is not { Count: > 0 } || !HasBody(context.Request) || IsAccepted(context.Request.ContentType, accepts))
        {
            await next(context);
            return;
        }

        await problems.WriteAsync(
            context,
            StatusCodes.Status415UnsupportedMediaType,
            "Unsupported content type",
            $"this route takes {string.Join(" or ", accepts)} bodies; send the Content-Type header with one of them");
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    /// <summary>Compares media types only (parameters such as charset or boundary are the route's business).</summary>
    private static bool IsAccepted(string? contentType, IReadOnlyList<string> accepts)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var sent) || sent.MediaType.Value is not { } media)
        {
            return false;
        }

        foreach (var accepted in accepts)
        {
            if (string.Equals(media, accepted, StringComparison.OrdinalIgnoreCase)
                || (string.Equals(accepted, "application/json", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
