using System.Collections.Frozen;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Orleans.Rec.Api.Apis;

/// <summary>
/// The operator page, <c>/ops/</c>: static HTML, CSS and JavaScript embedded in this assembly. The page itself is
/// open (it holds no data); everything it shows it fetches with the operator key the operator types in.
/// </summary>
public static class OpsPageApi
{
    private const string ResourcePrefix = "ops/";

    /// <summary>Only this page's scripts, styles and same-origin calls; never framed.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Assets = Load();

    public static IEndpointRouteBuilder MapOpsPageApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ops").AllowAnonymous().ExcludeFromDescription();
        // Routing matches /ops and /ops/ alike: the page's relative links need the slash.
        group.MapGet("/", Index);
        group.MapGet("/{asset}", (string asset, HttpContext context) => Asset(asset, context));
        return app;
    }

    private static Results<RedirectHttpResult, FileContentHttpResult, NotFound> Index(HttpContext context) =>
        context.Request.Path.Value?.EndsWith('/') == true
            ? Asset("index.html", context)
            : TypedResults.Redirect(context.Request.PathBase + "/ops/");

    private static Results<RedirectHttpResult, FileContentHttpResult, NotFound> Asset(string name, HttpContext context)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.File(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, (byte[] Content, string ContentType)> Load()
    {
        var assembly = typeof(OpsPageApi).Assembly;
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[ResourcePrefix.Length..];
            assets[name] = (buffer.ToArray(), Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            });
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
