using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// Every request body has a limit: the route's own (<see cref="BodySizeLimit"/> metadata: events, infer, upload) or
/// <see cref="ApiOptions.MaxBodyBytes"/>. A body announced larger is refused with a 413 ProblemDetails before any of
/// it is read; a chunked body is cut off by the server when it passes the limit while being read (Kestrel's
/// <see cref="BadHttpRequestException"/> with 413, which <see cref="DomainExceptionHandler"/> turns into a
/// ProblemDetails).
/// </summary>
internal sealed class BodySizeLimitMiddleware(RequestDelegate next, IOptions<ApiOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await problems.WriteAsync(
                context,
                StatusCodes.Status413PayloadTooLarge,
                "Request body too large",
                string.Create(CultureInfo.InvariantCulture, $"the body of {context.Request.ContentLength} bytes is over this route's limit of {limit} bytes"));
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }
}
