using Microsoft.AspNetCore.Http.Metadata;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>A route's own body limit (endpoint metadata read by <see cref="BodySizeLimitMiddleware"/>).</summary>
internal sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
